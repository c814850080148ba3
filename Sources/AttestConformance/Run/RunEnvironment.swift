/// Where a run happened: recorded in every certificate. The command-line tool
/// reads the machine (`RunEnvironment.current` in `attest`); the library only
/// carries the values.
public struct RunEnvironment: Sendable, Codable, Equatable {
    public var os: String
    public var cpu: String
    public var cores: Int
    public var swift: String
    public var libhdf5: String
    public var openblas: String

    public init(os: String, cpu: String, cores: Int, swift: String, libhdf5: String, openblas: String) {
        self.os = os
        self.cpu = cpu
        self.cores = cores
        self.swift = swift
        self.libhdf5 = libhdf5
        self.openblas = openblas
    }

    /// Nothing known (a run started from code that did not record its machine).
    public static let unknown = RunEnvironment(os: "unknown", cpu: "unknown", cores: 0, swift: "unknown",
                                               libhdf5: "unknown", openblas: "unknown")
}
