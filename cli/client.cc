#include "cli/client.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace gfo::cli {
namespace {

absl::StatusOr<std::string> ReadPemFile(const std::string& path, absl::string_view what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::UnknownError(
        absl::StrCat("cannot read ", what, " ", path, ": ", std::strerror(errno)));
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> MakeCredentials(const TlsOptions& tls) {
  if (!tls.enabled) return grpc::InsecureChannelCredentials();
  grpc::SslCredentialsOptions options;
  if (!tls.ca_cert_file.empty()) {
    absl::StatusOr<std::string> roots = ReadPemFile(tls.ca_cert_file, "CA certificate");
    if (!roots.ok()) return roots.status();
    options.pem_root_certs = *std::move(roots);
  }
  if (!tls.client_cert_file.empty()) {
    absl::StatusOr<std::string> chain = ReadPemFile(tls.client_cert_file, "client certificate");
    if (!chain.ok()) return chain.status();
    absl::StatusOr<std::string> key = ReadPemFile(tls.client_key_file, "client key");
    if (!key.ok()) return key.status();
    options.pem_cert_chain = *std::move(chain);
    options.pem_private_key = *std::move(key);
  }
  return grpc::SslCredentials(options);
}

}  // namespace

std::string EncodeReasonHeader(std::string_view reason) {
  std::string encoded;
  encoded.reserve(reason.size());
  for (char c : reason) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte > 0x7E || c == '%') {
      absl::StrAppendFormat(&encoded, "%%%02X", byte);
    } else {
      encoded += c;
    }
  }
  return encoded;
}

absl::StatusOr<std::unique_ptr<Client>> Client::Connect(const Globals& globals) {
  absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> credentials =
      MakeCredentials(globals.tls);
  if (!credentials.ok()) return credentials.status();
  std::shared_ptr<grpc::Channel> channel = grpc::CreateChannel(globals.server, *credentials);
  return std::make_unique<Client>(std::move(channel), globals);
}

Client::Client(std::shared_ptr<grpc::Channel> channel, const Globals& globals)
    : channel_(std::move(channel)),
      token_(globals.token),
      encoded_reason_(EncodeReasonHeader(globals.reason)),
      timeout_seconds_(globals.timeout_seconds) {}

std::unique_ptr<grpc::ClientContext> Client::NewCallContext(
    std::optional<double> timeout_seconds) const {
  auto context = std::make_unique<grpc::ClientContext>();
  constexpr double kMaxSeconds = 1e8;
  const double seconds = std::min(timeout_seconds.value_or(timeout_seconds_), kMaxSeconds);
  context->set_deadline(std::chrono::system_clock::now() +
                        std::chrono::duration_cast<std::chrono::system_clock::duration>(
                            std::chrono::duration<double>(seconds)));
  if (!token_.empty()) context->AddMetadata("authorization", absl::StrCat("Bearer ", token_));
  if (!encoded_reason_.empty()) context->AddMetadata("x-gfo-reason", encoded_reason_);
  return context;
}

}  // namespace gfo::cli
