// Files for tests: a fresh temporary directory and a whole file read into a string.

#ifndef GFO_TESTS_SUPPORT_FILES_H_
#define GFO_TESTS_SUPPORT_FILES_H_

#include <string>

namespace gfo::testing {

// Creates a new, empty directory `<system temp dir>/<prefix>XXXXXX` (mkdtemp) and returns its
// path; "" when it cannot be created (which fails the test). The caller removes it.
std::string MakeTempDir(const std::string& prefix);

// The bytes of the file at `path`; "" when it cannot be read.
std::string ReadFile(const std::string& path);

}  // namespace gfo::testing

#endif  // GFO_TESTS_SUPPORT_FILES_H_
