// What one durable commit's sync costs this machine's disk, apart from SQLite: `pages` 4 KiB
// pages written with pwrite(2) into a 4 MB file (overwriting, as a WAL that restarted does) and
// then fdatasync(2), `n` times. Prints the wall time and the process's CPU time per round, with
// the same without the sync for comparison (bench/LOAD_RESULTS.md, "Session 10").
//
//   build/bench/load/gfo_fsync_cost [N=2000] [PAGES=2] [FILE=build/fsync_cost.dat]

#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

double CpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec * 1e-6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

constexpr size_t kPage = 4096;
constexpr int kFilePages = 1000;

// Returns false when a write or a sync fails.
bool Rounds(int fd, int n, int pages, bool sync, double* wall_us, double* cpu_us) {
  std::vector<char> buffer(kPage * static_cast<size_t>(pages), 1);
  const auto wall_start = std::chrono::steady_clock::now();
  const double cpu_start = CpuSeconds();
  for (int i = 0; i < n; ++i) {
    const off_t offset = static_cast<off_t>((i * pages) % (kFilePages - pages)) * kPage;
    if (pwrite(fd, buffer.data(), buffer.size(), offset) != static_cast<ssize_t>(buffer.size())) {
      return false;
    }
    if (sync && fdatasync(fd) != 0) return false;
  }
  const std::chrono::duration<double, std::micro> wall =
      std::chrono::steady_clock::now() - wall_start;
  *wall_us = wall.count() / n;
  *cpu_us = (CpuSeconds() - cpu_start) * 1e6 / n;
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  const int n = argc > 1 ? std::atoi(argv[1]) : 2000;
  const int pages = argc > 2 ? std::atoi(argv[2]) : 2;
  const std::string path = argc > 3 ? argv[3] : "build/fsync_cost.dat";
  if (n <= 0 || pages <= 0 || pages >= kFilePages) {
    std::fprintf(stderr, "usage: gfo_fsync_cost [N>0] [PAGES 1..%d] [FILE]\n", kFilePages - 1);
    return 2;
  }
  const int fd = open(path.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) {
    std::perror(path.c_str());
    return 1;
  }
  double wall_us = 0;
  double cpu_us = 0;
  // The file is written whole and synced first, so the rounds overwrite and never grow it.
  bool ok = Rounds(fd, kFilePages, 1, false, &wall_us, &cpu_us) && fdatasync(fd) == 0;
  for (const bool sync : {true, false}) {
    ok = ok && Rounds(fd, n, pages, sync, &wall_us, &cpu_us);
    if (ok) {
      std::printf("%d rounds of pwrite(%d x 4 KiB)%s: %.1f us wall, %.1f us CPU per round\n", n,
                  pages, sync ? " + fdatasync" : "", wall_us, cpu_us);
    }
  }
  close(fd);
  unlink(path.c_str());
  if (!ok) {
    std::perror("gfo_fsync_cost");
    return 1;
  }
  return 0;
}
