/// What the reader accepts from a file before it allocates or loops on a value
/// read from it. libhdf5 1.10.8 trusts what a file says; these caps turn a
/// corrupted or hostile size into a thrown `HDF5Error` instead of an allocation
/// of terabytes, a trap or a loop of 2^64 steps (`docs/fixtures-reader.md`, "Limits").
///
/// The shipped fixtures are far inside them: their largest dataset is 3.4 MiB
/// (`minilm.h5` `/c0001/w_qkv`), their largest group holds 73 links.
public enum HDF5Limits {
    /// The largest dataset read into memory, in bytes (elements × element width): 64 MiB.
    public static let maxDatasetBytes = 64 << 20
    /// The largest ratio of a dataset's declared bytes to the bytes it occupies
    /// in the file. Deflate cannot compress better than 1032:1, so a dataset
    /// that declares more than 1032 times its stored bytes is sparse (chunks
    /// never written) or a decompression bomb; neither is a fixture.
    public static let maxExpansionRatio = 1032
    /// The largest string attribute, in bytes: 64 KiB.
    public static let maxStringBytes = 64 << 10
    /// The most links one group may hold: 65,536.
    public static let maxGroupMembers = 1 << 16
    /// The most allocated chunks one dataset may have: 65,536 (the shipped
    /// files store each chunked dataset as one chunk).
    public static let maxChunks = 1 << 16
    /// The longest link name, in bytes: 1,024.
    public static let maxLinkNameBytes = 1024
}
