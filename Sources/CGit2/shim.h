#ifndef DEPLOYDIFF_CGIT2_SHIM_H
#define DEPLOYDIFF_CGIT2_SHIM_H
#include <git2.h>
#endif
