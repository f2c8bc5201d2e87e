#include "build_info.h"

// Defined by Package.swift from DEPLOYDIFF_GIT_COMMIT (scripts/dist.sh); a plain `swift build` leaves it undefined.
#ifndef DEPLOYDIFF_GIT_COMMIT
#define DEPLOYDIFF_GIT_COMMIT "unknown"
#endif

const char *deploydiff_git_commit(void) { return DEPLOYDIFF_GIT_COMMIT; }
