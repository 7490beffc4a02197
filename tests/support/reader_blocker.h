// Holds every reader connection of a test server's database (start it with
// TestServerOptions::readers = 1) until Release(): a call that needs a reader waits meanwhile.

#ifndef GFO_TESTS_SUPPORT_READER_BLOCKER_H_
#define GFO_TESTS_SUPPORT_READER_BLOCKER_H_

#include <thread>

#include "absl/status/status.h"
#include "absl/synchronization/notification.h"
#include "service/server.h"
#include "service/storage/database.h"
#include "tests/support/test_server.h"

namespace gfo::testing {

class ReaderBlocker {
 public:
  explicit ReaderBlocker(TestServer& server)
      : thread_([this, &server] {
          (void)server.server().database().Read([this](storage::Db&) {
            held_.Notify();
            release_.WaitForNotification();
            return absl::OkStatus();
          });
        }) {
    held_.WaitForNotification();
  }
  ~ReaderBlocker() { Release(); }
  ReaderBlocker(const ReaderBlocker&) = delete;
  ReaderBlocker& operator=(const ReaderBlocker&) = delete;

  void Release() {
    if (!release_.HasBeenNotified()) release_.Notify();
    if (thread_.joinable()) thread_.join();
  }

 private:
  absl::Notification held_;
  absl::Notification release_;
  std::thread thread_;
};

}  // namespace gfo::testing

#endif  // GFO_TESTS_SUPPORT_READER_BLOCKER_H_
