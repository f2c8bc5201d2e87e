#ifndef DEPLOYDIFF_BUILD_INFO_H
#define DEPLOYDIFF_BUILD_INFO_H

/// The git commit this binary was built from: what `make dist` sets in DEPLOYDIFF_GIT_COMMIT
/// (scripts/dist.sh; Package.swift defines it for this target only), "unknown" for any other build.
const char *deploydiff_git_commit(void);

#endif
