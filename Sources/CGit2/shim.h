#ifndef DEPLOYDIFF_CGIT2_SHIM_H
#define DEPLOYDIFF_CGIT2_SHIM_H
#include <git2.h>

/* git_libgit2_opts is variadic, which Swift cannot call: one fixed-signature helper per option used. */

/* Turns libgit2's re-hashing of every object read on or off; returns 0 or a negative error. */
static inline int deploydiff_git_set_strict_hash_verification(int enabled) {
    return git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, enabled);
}

#endif
