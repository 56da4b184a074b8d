/* Wine 8 (Debian 12's) has no bcryptprimitives.dll, which Windows has had since Windows 10
   and from which Rust's standard library takes random bytes (ProcessPrng). For the wine
   test only (tests/clients/windows.sh): the same bytes from RtlGenRandom. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
    while (len > 0) {
        ULONG n = len > 0x7fffffff ? 0x7fffffff : (ULONG)len;
        if (!SystemFunction036(data, n)) return FALSE;
        data += n;
        len -= n;
    }
    return TRUE;
}
