/// The feature tags of a case, read off its id parameters: element type,
/// head grouping (mha, gqa, mqa), mask flags (or no_mask), explicit
/// parameters (scale, softcap, bias, alibi), dv_ne_d, sq_ne_skv and a
/// non-normal input distribution. Failing cases report them, so a broken
/// kernel's failures name what it got wrong.
public enum CaseTags {
    public static func of(_ id: CaseID) -> [String] {
        var t: [String] = []
        if let dtype = id["dtype"] { t.append(dtype) }
        if let hq = id["Hq"], let hkv = id["Hkv"] { t.append(hq == hkv ? "mha" : hkv == "1" ? "mqa" : "gqa") }
        if let mask = id["mask"] { t += mask == "none" ? ["no_mask"] : mask.split(separator: "+").map(String.init) }
        for key in ["scale", "softcap", "bias", "alibi"] where id[key] != nil { t.append(key) }
        if let d = id["D"], let dv = id["Dv"], d != dv { t.append("dv_ne_d") }
        if let sq = id["Sq"], let skv = id["Skv"], sq != skv { t.append("sq_ne_skv") }
        if let dist = id["dist"], dist != "normal" { t.append(dist) }
        return t
    }
}
