/* A stand-in for Windows' bcryptprimitives.dll, for Wine 8 only (Wine 9 has it): Rust's std (>= 1.78)
 * draws its random numbers from ProcessPrng, which Wine 8 does not export. This forwards to
 * BCryptGenRandom, which Wine has. It is dropped into the test Wine prefix, never shipped. */
#include <windows.h>
#include <bcrypt.h>

BOOL WINAPI ProcessPrng(PBYTE pbData, SIZE_T cbData) {
    while (cbData > 0) {
        ULONG chunk = cbData > 0x10000000 ? 0x10000000 : (ULONG)cbData;
        if (BCryptGenRandom(NULL, pbData, chunk, BCRYPT_USE_SYSTEM_PREFERRED_RNG) != 0) return FALSE;
        pbData += chunk;
        cbData -= chunk;
    }
    return TRUE;
}
