// A main for the gcc build: runs a libFuzzer harness over files instead of
// fuzzing, so CI checks every committed corpus input (and a crash found by
// scripts/fuzz.sh can be replayed under a debugger). Arguments are files or
// directories; without any, the harness's committed corpus.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

namespace {

bool replay(const std::filesystem::path &file)
{
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        std::fprintf(stderr, "cannot read %s\n", file.c_str());
        return false;
    }
    const std::vector<char> bytes{std::istreambuf_iterator<char>(in),
                                  std::istreambuf_iterator<char>()};
    LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t *>(bytes.data()), bytes.size());
    return true;
}

} // namespace

int main(int argc, char **argv)
{
    std::vector<std::filesystem::path> inputs;
    for (int i = 1; i < argc; ++i)
        inputs.emplace_back(argv[i]);
#ifdef BOXOFFICE_FUZZ_CORPUS
    if (inputs.empty())
        inputs.emplace_back(BOXOFFICE_FUZZ_CORPUS);
#endif
    if (inputs.empty()) {
        std::fprintf(stderr, "usage: %s file-or-directory...\n", argv[0]);
        return 2;
    }
    int replayed = 0;
    bool ok = true;
    for (const std::filesystem::path &input : inputs) {
        if (!std::filesystem::is_directory(input)) {
            ok = replay(input) && ok;
            ++replayed;
            continue;
        }
        std::vector<std::filesystem::path> files;
        for (const auto &entry : std::filesystem::directory_iterator(input)) {
            if (entry.is_regular_file())
                files.push_back(entry.path());
        }
        std::sort(files.begin(), files.end()); // the same order every run
        for (const auto &file : files) {
            std::printf("%s\n", file.filename().c_str());
            std::fflush(stdout);
            ok = replay(file) && ok;
            ++replayed;
        }
    }
    std::printf("replayed %d inputs\n", replayed);
    if (replayed == 0)
        ok = false; // an empty corpus checks nothing
    return ok ? 0 : 1;
}
