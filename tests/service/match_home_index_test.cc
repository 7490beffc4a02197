// The home index: loads every home with its capacity in use, reloads touched homes, and frees a
// hold at its expire time without any write.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "gfo/v1/placement.pb.h"
#include "gfo/v1/proposal.pb.h"
#include "service/app.h"
#include "service/home_index.h"
#include "service/storage/database.h"
#include "tests/support/fixtures.h"
#include "tests/support/status_matchers.h"

namespace gfo {
namespace {

const absl::Time kStart = absl::FromUnixSeconds(1795424400);  // 2026-11-23T09:00:00Z

class MatchHomeIndexTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string templ = (std::filesystem::temp_directory_path() / "gfo-index-XXXXXX").string();
    dir_ = mkdtemp(templ.data());
    auto db = storage::Database::Open({.path = dir_ + "/index.db"});
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = std::move(*db);
  }
  void TearDown() override {
    db_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  // Inserts a home row the way homes.cc stores it (indexed columns plus the proto blob).
  void InsertHome(int64_t id, gfo::v1::HomeStatus status, int capacity) {
    gfo::v1::Home home = gfo::testing::ValidHome(2280, capacity);
    Exec(id, [&](storage::Db& db) -> absl::Status {
      auto stmt = db.Prepare(
          "INSERT INTO homes(id, code, status, municipality_code, capacity, min_age, max_age, "
          "kinds, proto, create_time, update_time) VALUES (?,?,?,?,?,?,?,?,?,?,?)");
      if (!stmt.ok()) return stmt.status();
      (*stmt)
          ->Bind(1, id)
          .Bind(2, "FH-" + std::to_string(id))
          .Bind(3, static_cast<int>(status))
          .Bind(4, home.municipality_code())
          .Bind(5, home.capacity())
          .Bind(6, home.min_age())
          .Bind(7, home.max_age())
          .Bind(8, int64_t{2})
          .BindBlob(9, home.SerializeAsString())
          .Bind(10, ToMicros(kStart))
          .Bind(11, ToMicros(kStart));
      return (*stmt)->Run();
    });
  }

  void SetStatus(int64_t id, gfo::v1::HomeStatus status) {
    Exec(id, [&](storage::Db& db) -> absl::Status {
      auto stmt = db.Prepare("UPDATE homes SET status = ? WHERE id = ?");
      if (!stmt.ok()) return stmt.status();
      (*stmt)->Bind(1, static_cast<int>(status)).Bind(2, id);
      return (*stmt)->Run();
    });
  }

  // A pending proposal for `children` seats of home `home_id`, expiring at `expire`.
  void InsertHold(int64_t home_id, int children, absl::Time expire) {
    Exec(home_id, [&](storage::Db& db) -> absl::Status {
      auto request = db.Prepare(
          "INSERT INTO requests(municipality_code, state, kind, children, proto, create_time, "
          "update_time) VALUES (2280, 3, 1, ?, x'', 0, 0)");
      if (!request.ok()) return request.status();
      (*request)->Bind(1, children);
      if (absl::Status s = (*request)->Run(); !s.ok()) return s;
      const int64_t request_id = db.LastInsertRowId();
      auto stmt = db.Prepare(
          "INSERT INTO proposals(request_id, home_id, municipality_code, children, state, "
          "create_time, expire_time) VALUES (?,?,2280,?,?,?,?)");
      if (!stmt.ok()) return stmt.status();
      (*stmt)
          ->Bind(1, request_id)
          .Bind(2, home_id)
          .Bind(3, children)
          .Bind(4, static_cast<int>(gfo::v1::PROPOSAL_STATE_PENDING))
          .Bind(5, ToMicros(kStart))
          .Bind(6, ToMicros(expire));
      return (*stmt)->Run();
    });
  }

  // Runs `fn` in one write and reloads `home_id` after the commit, as App does; with `saved`, as
  // after a write that saved only the home's row (Call::TouchSavedHome).
  void Exec(int64_t home_id, absl::FunctionRef<absl::Status(storage::Db&)> fn,
            std::shared_ptr<const gfo::v1::Home> saved = nullptr) {
    absl::Status reload;
    GFO_ASSERT_OK(db_->Write(fn, [&](storage::Db& db) {
      if (loaded_) reload = index_.Reload(db, {TouchedHome{home_id, saved}}, kStart);
    }));
    GFO_ASSERT_OK(reload);
  }

  // Every home of `index` at `at`, with every field the matcher and a ranking read, one line each.
  static std::vector<std::string> Describe(HomeIndex& index, absl::Time at) {
    std::vector<std::string> out;
    index.Read(at, [&](const HomeIndex::View& view) {
      for (size_t i = 0; i < view.homes.size(); ++i) {
        const matcher::Home& h = view.homes[i];
        out.push_back(absl::StrCat(
            h.id, " cap=", h.capacity, " active=", h.active_children, " held=", h.held_children,
            " from=", h.available_from_day, " approved=", h.approved, " paused=", h.paused,
            " approved_day=", h.approved_day.value_or(-1), " ages=", h.min_age, "-", h.max_age,
            " kinds=", h.kinds, " code=", h.code, " langs=", absl::StrJoin(h.languages, ","),
            " last_end=", h.last_placement_end_day.value_or(-1),
            " profile=", view.profiles[i].ShortDebugString()));
      }
    });
    std::sort(out.begin(), out.end());
    return out;
  }

  void Load() {
    GFO_ASSERT_OK(db_->Read([&](storage::Db& db) { return index_.LoadAll(db, kStart); }));
    loaded_ = true;
  }

  // Free seats of home `id` as the index sees them at `at`.
  int FreeAt(int64_t id, absl::Time at) {
    int free = -1;
    index_.Read(at, [&](const HomeIndex::View& view) {
      for (const matcher::Home& h : view.homes) {
        if (h.id == id) free = matcher::FreeCapacity(h);
      }
    });
    return free;
  }

  std::string dir_;
  std::unique_ptr<storage::Database> db_;
  HomeIndex index_;
  bool loaded_ = false;
};

TEST_F(MatchHomeIndexTest, IsStaleUntilLoaded) {
  EXPECT_TRUE(index_.stale());
  Load();
  EXPECT_FALSE(index_.stale());
  EXPECT_EQ(index_.size(), 0u);
}

TEST_F(MatchHomeIndexTest, LoadsEveryHomeApprovedOrNot) {
  InsertHome(1, gfo::v1::HOME_STATUS_APPROVED, 2);
  InsertHome(2, gfo::v1::HOME_STATUS_INQUIRY, 3);
  InsertHome(3, gfo::v1::HOME_STATUS_PAUSED, 1);
  Load();
  ASSERT_EQ(index_.size(), 3u);
  index_.Read(kStart, [&](const HomeIndex::View& view) {
    ASSERT_EQ(view.profiles.size(), 3u);
    EXPECT_TRUE(view.homes[0].approved);
    EXPECT_FALSE(view.homes[1].approved);
    EXPECT_TRUE(view.homes[2].paused);
    EXPECT_EQ(view.homes[1].code, "FH-2");
    EXPECT_EQ(view.profiles[1].home(), "homes/2");
    EXPECT_EQ(view.profiles[1].capacity(), 3);
  });
}

TEST_F(MatchHomeIndexTest, ReloadSeesNewHomesAndStatusChanges) {
  Load();
  InsertHome(5, gfo::v1::HOME_STATUS_ASSESSMENT, 2);
  EXPECT_EQ(index_.size(), 1u);
  SetStatus(5, gfo::v1::HOME_STATUS_APPROVED);
  index_.Read(kStart, [&](const HomeIndex::View& view) {
    ASSERT_EQ(view.homes.size(), 1u);
    EXPECT_TRUE(view.homes[0].approved);
  });
}

TEST_F(MatchHomeIndexTest, HoldCountsUntilItExpiresWithoutAnyWrite) {
  InsertHome(1, gfo::v1::HOME_STATUS_APPROVED, 2);
  Load();
  InsertHold(1, 1, kStart + absl::Hours(72));
  InsertHold(1, 1, kStart + absl::Hours(24));
  EXPECT_EQ(FreeAt(1, kStart), 0);
  EXPECT_EQ(FreeAt(1, kStart + absl::Hours(24) - absl::Microseconds(1)), 0);
  // A hold is gone at its expire time.
  EXPECT_EQ(FreeAt(1, kStart + absl::Hours(24)), 1);
  EXPECT_EQ(FreeAt(1, kStart + absl::Hours(80)), 2);
  // Read at an earlier time again (the clock may be set back in tests): counted again.
  EXPECT_EQ(FreeAt(1, kStart + absl::Hours(30)), 1);
}

TEST_F(MatchHomeIndexTest, HoldsAndPlacementsLoadedAtStart) {
  InsertHome(1, gfo::v1::HOME_STATUS_APPROVED, 3);
  InsertHold(1, 2, kStart + absl::Hours(1));
  InsertHold(1, 1, kStart - absl::Hours(1));  // already expired: never counted
  Load();
  EXPECT_EQ(FreeAt(1, kStart), 1);
  EXPECT_EQ(FreeAt(1, kStart + absl::Hours(2)), 3);
}

TEST_F(MatchHomeIndexTest, ActivePlacementsUseCapacity) {
  InsertHome(1, gfo::v1::HOME_STATUS_APPROVED, 2);
  Load();
  InsertHold(1, 1, kStart + absl::Hours(72));
  // The proposal is accepted: a placement replaces the hold.
  Exec(1, [&](storage::Db& db) -> absl::Status {
    if (absl::Status s = db.Exec("UPDATE proposals SET state = 2 WHERE home_id = 1"); !s.ok()) {
      return s;
    }
    return db.Exec(
        "INSERT INTO placements(request_id, home_id, proposal_id, municipality_code, children, "
        "kind, state, start_day, create_time, update_time) "
        "SELECT request_id, home_id, id, 2280, children, 1, 1, 20000, 0, 0 FROM proposals "
        "WHERE home_id = 1");
  });
  EXPECT_EQ(FreeAt(1, kStart), 1);
  EXPECT_EQ(FreeAt(1, kStart + absl::Hours(100)), 1);
  // The placement ends.
  Exec(1, [&](storage::Db& db) { return db.Exec("UPDATE placements SET state = 2"); });
  EXPECT_EQ(FreeAt(1, kStart), 2);
}

// ConfirmAvailability and UpdateHome hand the index the row they saved instead of having it read
// the home back: the home must come out as a load from the database makes it, keeping the
// placements, holds and approval day the index had.
TEST_F(MatchHomeIndexTest, ASavedRowRebuildsTheHomeAsALoadFromTheDatabaseWould) {
  InsertHome(1, gfo::v1::HOME_STATUS_APPROVED, 3);
  InsertHome(2, gfo::v1::HOME_STATUS_APPROVED, 2);
  Exec(1, [&](storage::Db& db) {
    return db.Exec(
        absl::StrCat("INSERT INTO transitions(resource, from_state, to_state, actor, time) "
                     "VALUES ('homes/1', 'assessment', 'approved', 'accounts/1', ",
                     ToMicros(kStart - absl::Hours(24 * 40)), ")"));
  });
  InsertHold(1, 1, kStart + absl::Hours(72));
  Exec(1, [&](storage::Db& db) {
    return db.Exec(
        "INSERT INTO placements(request_id, home_id, proposal_id, municipality_code, children, "
        "kind, state, start_day, create_time, update_time) "
        "SELECT request_id, home_id, id, 2280, 1, 1, 1, 20000, 0, 0 FROM proposals "
        "WHERE home_id = 1");
  });
  Load();

  // The write: a new capacity, availability date, assessment date and language, saved.
  auto saved = std::make_shared<gfo::v1::Home>(gfo::testing::ValidHome(2280, 4));
  saved->set_name("homes/1");
  saved->set_code("FH-1");
  saved->set_status(gfo::v1::HOME_STATUS_APPROVED);
  saved->mutable_available_from()->set_year(2027);
  saved->mutable_available_from()->set_month(2);
  saved->mutable_available_from()->set_day(1);
  saved->mutable_assessment_date()->set_year(2026);
  saved->mutable_assessment_date()->set_month(1);
  saved->mutable_assessment_date()->set_day(5);
  saved->add_languages("fi");
  Exec(
      1,
      [&](storage::Db& db) -> absl::Status {
        auto stmt = db.Prepare("UPDATE homes SET capacity = ?, proto = ? WHERE id = 1");
        if (!stmt.ok()) return stmt.status();
        (*stmt)->Bind(1, saved->capacity()).BindBlob(2, saved->SerializeAsString());
        return (*stmt)->Run();
      },
      saved);

  HomeIndex fresh;
  GFO_ASSERT_OK(db_->Read([&](storage::Db& db) { return fresh.LoadAll(db, kStart); }));
  const std::vector<std::string> rebuilt = Describe(index_, kStart);
  EXPECT_EQ(rebuilt, Describe(fresh, kStart));
  ASSERT_EQ(rebuilt.size(), 2u);
  EXPECT_THAT(rebuilt[0], ::testing::HasSubstr("1 cap=4 active=1 held=1 "));
  EXPECT_EQ(FreeAt(1, kStart), 2);
  EXPECT_EQ(Describe(index_, kStart + absl::Hours(100)),
            Describe(fresh, kStart + absl::Hours(100)));
}

TEST_F(MatchHomeIndexTest, ReadersNeverSeeMoreSeatsUsedThanTheHomeHas) {
  InsertHome(1, gfo::v1::HOME_STATUS_APPROVED, 4);
  Load();
  std::atomic<bool> stop{false};
  std::atomic<int> reads{0};
  std::vector<std::thread> readers;
  for (int r = 0; r < 3; ++r) {
    readers.emplace_back([&, r] {
      while (!stop.load()) {
        // Readers at different times: some before, some after the holds expire.
        index_.Read(kStart + absl::Hours(r * 20), [&](const HomeIndex::View& view) {
          ASSERT_EQ(view.homes.size(), 1u);
          ASSERT_EQ(view.profiles.size(), 1u);
          EXPECT_GE(view.homes[0].held_children, 0);
          EXPECT_LE(view.homes[0].held_children, 4);
        });
        reads.fetch_add(1);
      }
    });
  }
  // Holds that expire at different times, written while the readers read.
  for (int i = 0; i < 4; ++i) InsertHold(1, 1, kStart + absl::Hours(10 + 10 * i));
  while (reads.load() < 100) std::this_thread::yield();
  stop.store(true);
  for (auto& t : readers) t.join();
  EXPECT_EQ(FreeAt(1, kStart), 0);
  EXPECT_EQ(FreeAt(1, kStart + absl::Hours(25)), 2);
  EXPECT_EQ(FreeAt(1, kStart + absl::Hours(45)), 4);
}

}  // namespace
}  // namespace gfo
