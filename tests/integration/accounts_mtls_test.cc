// Mutual TLS: a client certificate whose subject is mapped to an account authenticates as that
// account without a token. The test makes its own CA, server and client certificates with the
// `openssl` command line in a temporary directory.
//
// The subject an account must hold is the one gRPC reports in the auth context property
// "x509_subject": OpenSSL's one-line RFC 2253 form, most specific part first, e.g. a certificate
// made with -subj "/O=GFO/CN=audit robot" has the subject "CN=audit robot,O=GFO".

#include <google/protobuf/util/time_util.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "cli/exit_codes.h"
#include "cli/gfo_cli.h"
#include "gfo/v1/account.grpc.pb.h"
#include "service/clock.h"
#include "service/server.h"
#include "tests/support/files.h"
#include "tests/support/status_matchers.h"

namespace gfo::testing {
namespace {

namespace v1 = gfo::v1;

// The subject of the PEM certificate at `path` as gRPC reports it (RFC 2253, via OpenSSL).
std::string Rfc2253Subject(const std::string& path) {
  const std::string pem = ReadFile(path);
  BIO* in = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  X509* cert = PEM_read_bio_X509(in, nullptr, nullptr, nullptr);
  BIO_free(in);
  if (cert == nullptr) return "";
  BIO* out = BIO_new(BIO_s_mem());
  X509_NAME_print_ex(out, X509_get_subject_name(cert), 0, XN_FLAG_RFC2253);
  char* data = nullptr;
  const long size = BIO_get_mem_data(out, &data);
  std::string subject(data, static_cast<size_t>(size));
  BIO_free(out);
  X509_free(cert);
  return subject;
}

class AccountsMtls : public ::testing::Test {
 protected:
  void SetUp() override {
    if (std::system("command -v openssl >/dev/null 2>&1") != 0) {
      GTEST_SKIP() << "the openssl command line is not installed";
    }
    dir_ = MakeTempDir("gfo-mtls-");
    ASSERT_FALSE(dir_.empty());
    Run("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes "
        "-keyout ca.key -out ca.pem -days 2 -subj '/CN=gfo test ca'");
    Leaf("server", "/CN=localhost",
         "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
    Leaf("robot", "/O=GFO/CN=audit robot", "extendedKeyUsage=clientAuth\n");
    Leaf("stranger", "/O=Elsewhere/CN=stranger", "extendedKeyUsage=clientAuth\n");

    ServerOptions o;
    o.listen_address = "127.0.0.1:0";
    o.db_path = dir_ + "/gfo.db";
    o.tls_cert_file = dir_ + "/server.pem";
    o.tls_key_file = dir_ + "/server.key";
    o.tls_client_ca_file = dir_ + "/ca.pem";
    o.clock = &clock_;
    auto server = GfoServer::Start(o);
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = std::move(*server);
  }

  void TearDown() override {
    if (server_ != nullptr) server_->Shutdown(absl::Seconds(2));
    server_.reset();
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  void Run(const std::string& command) {
    const std::string full = absl::StrCat("cd '", dir_, "' && ", command, " >/dev/null 2>&1");
    ASSERT_EQ(std::system(full.c_str()), 0) << command;
  }

  // A certificate `name`.pem / `name`.key signed by the test CA.
  void Leaf(const std::string& name, const std::string& subject, const std::string& extensions) {
    std::ofstream(dir_ + "/" + name + ".ext") << extensions;
    Run(absl::StrCat("openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout ",
                     name, ".key -out ", name, ".csr -subj '", subject, "'"));
    Run(absl::StrCat("openssl x509 -req -in ", name, ".csr -CA ca.pem -CAkey ca.key ",
                     "-CAcreateserial -days 2 -out ", name, ".pem -extfile ", name, ".ext"));
  }

  std::shared_ptr<grpc::Channel> Channel(const std::string& client) {
    grpc::SslCredentialsOptions ssl;
    ssl.pem_root_certs = ReadFile(dir_ + "/ca.pem");
    ssl.pem_private_key = ReadFile(dir_ + "/" + client + ".key");
    ssl.pem_cert_chain = ReadFile(dir_ + "/" + client + ".pem");
    return grpc::CreateChannel(server_->address(), grpc::SslCredentials(ssl));
  }

  std::unique_ptr<grpc::ClientContext> Context(const std::string& token = "") {
    auto ctx = std::make_unique<grpc::ClientContext>();
    if (!token.empty()) ctx->AddMetadata("authorization", "Bearer " + token);
    ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    return ctx;
  }

  // Maps `subject` to a new auditor account, as the bootstrap admin (who also needs a client
  // certificate to connect: the server requires one).
  v1::Account MapSubject(const std::string& subject) {
    auto stub = v1::AccountService::NewStub(Channel("robot"));
    v1::CreateAccountRequest request;
    request.mutable_account()->set_display_name("Audit robot");
    request.mutable_account()->set_role(v1::ROLE_AUDITOR);
    request.mutable_account()->set_certificate_subject(subject);
    v1::CreateAccountResponse response;
    grpc::Status s =
        stub->CreateAccount(Context(server_->bootstrap_admin_token()).get(), request, &response);
    EXPECT_TRUE(s.ok()) << Describe(s);
    return response.account();
  }

  FakeClock clock_{absl::FromUnixSeconds(1795424400)};
  std::string dir_;
  std::unique_ptr<GfoServer> server_;
};

TEST_F(AccountsMtls, AMappedClientCertificateAuthenticatesWithoutAToken) {
  const std::string subject = Rfc2253Subject(dir_ + "/robot.pem");
  EXPECT_EQ(subject, "CN=audit robot,O=GFO");
  const v1::Account mapped = MapSubject(subject);

  auto stub = v1::AccountService::NewStub(Channel("robot"));
  v1::Account me;
  GFO_ASSERT_OK(stub->GetCurrentAccount(Context().get(), {}, &me));
  EXPECT_EQ(me.name(), mapped.name());
  EXPECT_EQ(me.role(), v1::ROLE_AUDITOR);
  EXPECT_EQ(me.certificate_subject(), subject);

  // The certificate's account has its role's rights and no more.
  v1::ListTokensRequest tokens;
  tokens.set_account(mapped.name());
  v1::ListTokensResponse listed;
  EXPECT_THAT(stub->ListTokens(Context().get(), tokens, &listed),
              StatusIs(grpc::StatusCode::PERMISSION_DENIED, "ROLE_AUDITOR"));
  // A bearer token, when given, decides instead of the certificate.
  GFO_ASSERT_OK(stub->GetCurrentAccount(Context(server_->bootstrap_admin_token()).get(), {}, &me));
  EXPECT_EQ(me.role(), v1::ROLE_ADMIN);
}

TEST_F(AccountsMtls, AnUnmappedCertificateIsUnauthenticated) {
  MapSubject(Rfc2253Subject(dir_ + "/robot.pem"));
  auto stub = v1::AccountService::NewStub(Channel("stranger"));
  v1::Account me;
  EXPECT_THAT(stub->GetCurrentAccount(Context().get(), {}, &me),
              StatusIs(grpc::StatusCode::UNAUTHENTICATED, "maps to no account"));
}

TEST_F(AccountsMtls, ADisabledAccountsCertificateIsUnauthenticated) {
  const v1::Account mapped = MapSubject(Rfc2253Subject(dir_ + "/robot.pem"));
  auto stub = v1::AccountService::NewStub(Channel("robot"));
  v1::DisableAccountRequest disable;
  disable.set_name(mapped.name());
  disable.set_reason("certificate retired");
  v1::Account account;
  GFO_ASSERT_OK(
      stub->DisableAccount(Context(server_->bootstrap_admin_token()).get(), disable, &account));
  v1::Account me;
  EXPECT_THAT(stub->GetCurrentAccount(Context().get(), {}, &me),
              StatusIs(grpc::StatusCode::UNAUTHENTICATED, "disabled"));
}

TEST_F(AccountsMtls, TheCliAuthenticatesWithTheClientCertificate) {
  const v1::Account mapped = MapSubject(Rfc2253Subject(dir_ + "/robot.pem"));
  std::ostringstream out, err;
  const int code = cli::RunGfo({"--config", dir_ + "/gfo.json", "--server", server_->address(),
                                "--ca-cert", dir_ + "/ca.pem", "--client-cert", dir_ + "/robot.pem",
                                "--client-key", dir_ + "/robot.key", "--output", "json", "whoami"},
                               out, err);
  ASSERT_EQ(code, 0) << err.str();
  EXPECT_NE(out.str().find(mapped.name()), std::string::npos) << out.str();
}

}  // namespace
}  // namespace gfo::testing
