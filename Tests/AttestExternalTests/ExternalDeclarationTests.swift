import AttestCore
import AttestExternal
import AttestTensor
import Testing

/// `COMMAND --capabilities` (`docs/external-kernels.md` §2): what a valid
/// declaration means, and a clear error for every way of getting it wrong.
@Suite struct ExternalDeclarationTests {
    static let valid = """
    {"protocol_version": 1, "name": "np", "dtypes": ["f32", "bf16"], "features": ["causal_br", "gqa", "lse"],
     "fully_masked_rows": "nan", "deterministic": false, "max_head_dim": 128, "lse_dtype": "f32",
     "kit": {"name": "attest-kit", "version": "0.1.0"}}
    """

    @Test func aValidDeclarationIsReadExactly() throws {
        let d = try ExternalDeclaration(json: Self.valid, defaultName: "unused")
        #expect(d.name == "np")
        #expect(d.capabilities == KernelCapabilities(dtypes: [.float32, .bfloat16], features: [.causalBottomRight, .groupedQuery, .logSumExp],
                                                      fullyMaskedRows: .nan, deterministic: false, maxHeadDim: 128))
        #expect(d.lseType == .float32)
        #expect(d.kitName == "attest-kit" && d.kitVersion == "0.1.0")
    }

    @Test func theMinimalDeclarationTakesTheDefaultName() throws {
        let d = try ExternalDeclaration(json: #"{"protocol_version": 1, "dtypes": ["f64"], "features": [], "fully_masked_rows": "zero", "deterministic": true}"#,
                                        defaultName: "my_kernel")
        #expect(d.name == "my_kernel")
        #expect(d.capabilities == KernelCapabilities(dtypes: [.float64], features: []))
        #expect(d.lseType == nil && d.kitName == nil)
    }

    static let base = #""protocol_version": 1, "dtypes": ["f32"], "fully_masked_rows": "zero", "deterministic": true"#

    @Test(arguments: [
        ("{\"protocol_version\": 1", "not one JSON object"),
        ("[1, 2]", "must be a JSON object"),
        ("{\(base), \"features\": [], \"feature\": []}", "unknown key \"feature\""),
        ("{\(base), \"features\": [\"flash\"]}", "features holds unknown name \"flash\""),
        ("{\(base), \"features\": [\"gqa\", \"gqa\"]}", "features lists gqa twice"),
        ("{\"protocol_version\": 1, \"dtypes\": [\"f8\"], \"features\": [], \"fully_masked_rows\": \"zero\", \"deterministic\": true}", "dtypes holds unknown name \"f8\""),
        ("{\"protocol_version\": 1, \"dtypes\": [], \"features\": [], \"fully_masked_rows\": \"zero\", \"deterministic\": true}", "at least one element type"),
        ("{\(base), \"features\": [\"lse\"]}", "lse_dtype (f64 or f32) is required"),
        ("{\(base), \"features\": [], \"lse_dtype\": \"f64\"}", "lse_dtype is given but the features do not list lse"),
        ("{\(base), \"features\": [\"lse\"], \"lse_dtype\": \"f16\"}", "lse_dtype must be f64 or f32"),
        ("{\"protocol_version\": 2, \"dtypes\": [\"f32\"], \"features\": [], \"fully_masked_rows\": \"zero\", \"deterministic\": true}", "protocol_version 2; this attest speaks 1"),
        ("{\"dtypes\": [\"f32\"], \"features\": [], \"fully_masked_rows\": \"zero\", \"deterministic\": true}", "required key protocol_version is missing"),
        ("{\"protocol_version\": 1, \"dtypes\": [\"f32\"], \"features\": [], \"fully_masked_rows\": \"zero\", \"deterministic\": 1}", "key deterministic must be true or false"),
        ("{\"protocol_version\": 1, \"dtypes\": [\"f32\"], \"features\": [], \"deterministic\": true}", "required key fully_masked_rows is missing"),
        ("{\"protocol_version\": 1, \"dtypes\": [\"f32\"], \"features\": [], \"fully_masked_rows\": \"one\", \"deterministic\": true}", "fully_masked_rows must be zero or nan"),
        ("{\(base), \"features\": [], \"max_head_dim\": 0}", "max_head_dim must be >= 1"),
        ("{\(base), \"features\": [], \"name\": \"a b\"}", "name must be 1 to 64 characters"),
        ("{\(base), \"features\": [], \"kit\": {\"name\": \"k\"}}", "required key version is missing"),
        ("{\(base), \"features\": [], \"kit\": {\"name\": \"k\", \"version\": \"1\", \"url\": \"x\"}}", "unknown key \"url\" in kit"),
    ])
    func aBadDeclarationNamesItsProblem(json: String, problem: String) {
        do {
            _ = try ExternalDeclaration(json: json, defaultName: "k")
            Issue.record("accepted: \(json)")
        } catch {
            #expect(error.description.contains(problem), "\(error.description)")
        }
    }
}
