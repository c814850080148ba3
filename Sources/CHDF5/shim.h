// CHDF5: libhdf5 (1.10.8 on Debian 12), reached only through this module.
// HDF5 spells its predefined types and property lists as macros that expand to
// `(H5open(), H5T_NATIVE_DOUBLE_g)` comma expressions, which Swift cannot import;
// these static inline getters make them callable. Nothing else lives here.
#ifndef ATTEST_CHDF5_SHIM_H
#define ATTEST_CHDF5_SHIM_H
#include <hdf5.h>

static inline hid_t attest_H5P_DEFAULT(void) { return H5P_DEFAULT; }
static inline hid_t attest_H5S_ALL(void) { return H5S_ALL; }
static inline hid_t attest_H5E_DEFAULT(void) { return H5E_DEFAULT; }

static inline unsigned attest_H5F_ACC_RDONLY(void) { return H5F_ACC_RDONLY; }
static inline unsigned attest_H5F_ACC_RDWR(void) { return H5F_ACC_RDWR; }
static inline unsigned attest_H5F_ACC_TRUNC(void) { return H5F_ACC_TRUNC; }
static inline unsigned attest_H5F_ACC_EXCL(void) { return H5F_ACC_EXCL; }

static inline hid_t attest_H5P_FILE_CREATE(void) { return H5P_FILE_CREATE; }
static inline hid_t attest_H5P_FILE_ACCESS(void) { return H5P_FILE_ACCESS; }
static inline hid_t attest_H5P_DATASET_CREATE(void) { return H5P_DATASET_CREATE; }
static inline hid_t attest_H5P_GROUP_CREATE(void) { return H5P_GROUP_CREATE; }
static inline hid_t attest_H5P_ATTRIBUTE_CREATE(void) { return H5P_ATTRIBUTE_CREATE; }

static inline hid_t attest_H5T_NATIVE_DOUBLE(void) { return H5T_NATIVE_DOUBLE; }
static inline hid_t attest_H5T_NATIVE_FLOAT(void) { return H5T_NATIVE_FLOAT; }
static inline hid_t attest_H5T_NATIVE_INT64(void) { return H5T_NATIVE_INT64; }
static inline hid_t attest_H5T_NATIVE_INT32(void) { return H5T_NATIVE_INT32; }
static inline hid_t attest_H5T_NATIVE_UINT8(void) { return H5T_NATIVE_UINT8; }
static inline hid_t attest_H5T_NATIVE_UINT16(void) { return H5T_NATIVE_UINT16; }
static inline hid_t attest_H5T_IEEE_F64LE(void) { return H5T_IEEE_F64LE; }
static inline hid_t attest_H5T_IEEE_F32LE(void) { return H5T_IEEE_F32LE; }
static inline hid_t attest_H5T_STD_I64LE(void) { return H5T_STD_I64LE; }
static inline hid_t attest_H5T_STD_U8LE(void) { return H5T_STD_U8LE; }
static inline hid_t attest_H5T_C_S1(void) { return H5T_C_S1; }
static inline size_t attest_H5T_VARIABLE(void) { return H5T_VARIABLE; }

/// The library version as "1.10.8", for certificates.
static inline void attest_H5_version(unsigned *major, unsigned *minor, unsigned *release) {
    H5get_libversion(major, minor, release);
}
#endif
