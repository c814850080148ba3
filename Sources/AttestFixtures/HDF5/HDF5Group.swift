import CHDF5

/// An HDF5 group: lists, opens and creates its members and carries attributes.
public final class HDF5Group: HDF5Object {
    /// What a member of a group is.
    public enum MemberKind: Sendable, Equatable { case group, dataset, other }

    /// The names of the group's members in name order (HDF5's name index).
    /// At most `HDF5Limits.maxGroupMembers` links of names up to
    /// `HDF5Limits.maxLinkNameBytes` bytes; more throws before any is read.
    public func memberNames() throws(HDF5Error) -> [String] {
        var info = H5G_info_t()
        try site.check("H5Gget_info") { H5Gget_info(handle.id, &info) }
        guard info.nlinks <= HDF5Limits.maxGroupMembers else {
            throw site.failure("H5Gget_info", "the group declares \(info.nlinks) links, more than the reader's cap of \(HDF5Limits.maxGroupMembers)")
        }
        var names: [String] = []
        for index in 0 ..< info.nlinks {
            let length = try site.check("H5Lget_name_by_idx") {
                H5Lget_name_by_idx(handle.id, ".", H5_INDEX_NAME, H5_ITER_INC, index, nil, 0, attest_H5P_DEFAULT())
            }
            guard length <= HDF5Limits.maxLinkNameBytes else {
                throw site.failure("H5Lget_name_by_idx", "link \(index) has a name of \(length) bytes, more than the reader's cap of \(HDF5Limits.maxLinkNameBytes)")
            }
            var buffer = [CChar](repeating: 0, count: Int(length) + 1)
            try site.check("H5Lget_name_by_idx") {
                H5Lget_name_by_idx(handle.id, ".", H5_INDEX_NAME, H5_ITER_INC, index, &buffer, buffer.count,
                                   attest_H5P_DEFAULT())
            }
            names.append(String(decoding: buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return names
    }

    /// Whether a link called `name` exists in this group.
    public func contains(_ name: String) throws(HDF5Error) -> Bool {
        try site.child(name).check("H5Lexists") { H5Lexists(handle.id, name, attest_H5P_DEFAULT()) } > 0
    }

    /// Checks that member `name` is a hard link. Soft and external links are
    /// never followed: an external link can name any path (a FIFO, a device,
    /// another file), and soft links can form cycles.
    /// Errors name `function`, the call the check guards.
    private func requireHardLink(_ name: String, _ child: HDF5Site, for function: String) throws(HDF5Error) {
        guard !name.isEmpty, name != ".", !name.contains("/") else {
            throw child.failure(function, "a member name must be one path component, got \(name.debugDescription)")
        }
        var info = H5L_info_t()
        try child.check(function) { H5Lget_info(handle.id, name, &info, attest_H5P_DEFAULT()) }
        guard info.type == H5L_TYPE_HARD else {
            let what = info.type == H5L_TYPE_SOFT ? "a soft link" : info.type == H5L_TYPE_EXTERNAL ? "an external link"
                : "a link of type \(info.type.rawValue)"
            throw child.failure(function, "the member is \(what); only hard links are followed")
        }
    }

    /// Whether member `name` is a group, a dataset or something else.
    /// Only hard links are followed (`requireHardLink`).
    public func kind(of name: String) throws(HDF5Error) -> MemberKind {
        let child = site.child(name)
        try requireHardLink(name, child, for: "H5Oopen")
        let object = try child.open("H5Oopen", .object) { H5Oopen(handle.id, name, attest_H5P_DEFAULT()) }
        let type = try child.check("H5Iget_type") { H5Iget_type(object.id).rawValue }
        switch H5I_type_t(rawValue: type) {
        case H5I_GROUP: return .group
        case H5I_DATASET: return .dataset
        default: return .other
        }
    }

    /// Opens member group `name` (a hard link).
    public func group(_ name: String) throws(HDF5Error) -> HDF5Group {
        let child = site.child(name)
        try requireHardLink(name, child, for: "H5Gopen2")
        let h = try child.open("H5Gopen2", .group) { H5Gopen2(handle.id, name, attest_H5P_DEFAULT()) }
        return HDF5Group(handle: h, site: child)
    }

    /// Opens member dataset `name` (a hard link).
    public func dataset(_ name: String) throws(HDF5Error) -> HDF5Dataset {
        let child = site.child(name)
        try requireHardLink(name, child, for: "H5Dopen2")
        let h = try child.open("H5Dopen2", .dataset) { H5Dopen2(handle.id, name, attest_H5P_DEFAULT()) }
        return HDF5Dataset(handle: h, site: child)
    }

    /// Creates member group `name` without timestamps.
    public func createGroup(_ name: String) throws(HDF5Error) -> HDF5Group {
        let child = site.child(name)
        let gcpl = try child.propertyList(attest_H5P_GROUP_CREATE())
        try child.check("H5Pset_obj_track_times") { H5Pset_obj_track_times(gcpl.id, false) }
        let h = try child.open("H5Gcreate2", .group) {
            H5Gcreate2(handle.id, name, attest_H5P_DEFAULT(), gcpl.id, attest_H5P_DEFAULT())
        }
        return HDF5Group(handle: h, site: child)
    }
}
