import AttestConformance
import AttestCore
import AttestTensor
import Testing

/// `AttentionFeature` is the one table of features: the id's mask tokens,
/// the tags, what generation draws and what the mandatory core admits all
/// derive from it.
struct FeatureVocabularyTests {
    /// The `mask=` tokens and their order are part of every checked-in id.
    @Test func maskTokensAreTheMaskFeaturesInIDOrder() {
        #expect(AttentionFeature.masks.map(\.rawValue)
            == ["causal_tl", "causal_br", "window", "key_padding", "query_padding", "varlen", "bool_mask"])
    }

    /// A generated problem needs exactly the features its spec names: the
    /// generator's switch and `AttentionArguments.requiredFeatures` agree, so
    /// the spec derived back from the drawn call is the spec it was drawn from.
    @Test(arguments: AttentionFeature.allCases)
    func generatedCallNeedsWhatItsSpecNames(_ feature: AttentionFeature) throws {
        var spec = ProblemSpec(dtype: .float32, dims: AttentionDims(batch: 2, queryLength: 6, keyLength: 7, queryHeads: 4,
                                                                    keyValueHeads: 4, headDim: 4, valueDim: 4), seed: 5)
        switch feature.kind {
        case .mask: spec.mask = [feature]
        case .score: if feature == .softcap { spec.softcap = 3 } else if feature == .additiveBias { spec.bias = true } else { spec.alibi = true }
        case .shape: if feature == .groupedQuery { spec.dims.keyValueHeads = 2 } else { spec.dims.valueDim = 8 }
        case .output: return
        }
        if feature == .slidingWindow { spec.windowLeft = 2 }
        let id = CaseSpec(.generated(group: "g"), spec).id
        let args = try spec.arguments(idText: id)
        #expect(args.requiredFeatures == [feature], "\(id)")
        #expect(ProblemSpec(arguments: args, dtype: .float32, distribution: .normal, seed: 5) == spec, "\(id)")
    }

    /// Only no mask, causal and padding cases of f32 MHA/GQA without other
    /// features are core (`docs/certificate.md` rule 4); GQA and lse do not take a case out.
    @Test(arguments: AttentionFeature.allCases)
    func mandatoryCoreAdmitsOnlyCausalAndPadding(_ feature: AttentionFeature) {
        let tags = ["f32", "mha"] + (feature.kind == .mask ? [] : ["no_mask"]) + [feature.rawValue]
        let admitted: Set<AttentionFeature> = [.causalTopLeft, .causalBottomRight, .keyPadding, .queryPadding, .groupedQuery, .logSumExp]
        #expect(MandatoryCore.isCore(tags) == admitted.contains(feature), "\(tags)")
    }
}
