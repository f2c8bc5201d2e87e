#ifndef DEPLOYDIFF_CZLIB_SHIM_H
#define DEPLOYDIFF_CZLIB_SHIM_H
#include <zlib.h>
#endif
