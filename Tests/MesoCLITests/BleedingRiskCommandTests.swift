import Foundation
import MesoCore
import PostgresClient
import Testing
import TestSupport

/// The bleeding-risk rule through the binary, against the seeded vocabulary (Fixtures/
/// medication_terms.csv): every class in English, French and Arabic, brands, clitics, letter
/// variants, negations, look-alikes, topical forms and names the vocabulary does not know. Each
/// patient has no known allergies and no condition, and REVIT-FACE has stock: a record that names
/// nothing to warn about leaves the check at PASS.
@Suite("Bleeding risk through meso check")
struct BleedingRiskCommandTests {
    static let shared = Result { try TestDatabase.seededWithFaceStock("cli_bleeding") }

    let database: TestDatabase
    let meso: MesoCLI

    init() throws {
        database = try Self.shared.get()
        meso = MesoCLI(databaseURL: database.url)
    }

    /// A new patient with no known allergies who takes `medications`, each recorded through the binary.
    func patient(_ mrn: String, taking medications: [String]) throws {
        #expect(try meso.run(["patient", "add", mrn, "--name", "Patient \(mrn)"]).status == 0)
        #expect(try meso.run(["patient", "allergy", "none", mrn]).status == 0)
        for name in medications {
            let added = try meso.run(["patient", "medication", "add", mrn, "--name", name])
            #expect(added.status == 0, "\(name): \(added)")
        }
    }

    /// The check's exit status and its bleeding-risk findings by the medication they concern.
    func bleedingRisk(_ mrn: String, at: String? = nil) throws -> (status: Int32, findings: [String: [[String: Any]]]) {
        let outcome = try meso.run(
            ["check", "--patient", mrn, "--formula", "REVIT-FACE", "--format", "json"] + (at.map { ["--at", $0] } ?? []))
        let report = try #require(try outcome.json() as? [String: Any], "\(outcome)")
        let findings = (report["findings"] as? [[String: Any]] ?? []).filter { $0["rule"] as? String == "bleeding-risk" }
        return (outcome.status, Dictionary(grouping: findings) { $0["medication"] as? String ?? "" })
    }

    /// Each name warns, naming the substance it was read as.
    func expectWarnings(_ mrn: String, _ cases: [(name: String, substance: String)], sourceLocation: SourceLocation = #_sourceLocation)
        throws
    {
        try patient(mrn, taking: cases.map(\.name))
        let (status, findings) = try bleedingRisk(mrn)
        #expect(status == 2, sourceLocation: sourceLocation)
        for (name, substance) in cases {
            let found = findings[name] ?? []
            let warned = found.contains {
                $0["severity"] as? String == "warn" && ($0["message"] as? String ?? "").contains("(\(substance); ")
            }
            #expect(warned, "\(name) warns as \(substance): \(found)", sourceLocation: sourceLocation)
        }
    }

    /// No name warns; each is either silent or information.
    func expectNoWarning(_ mrn: String, _ names: [String], silent: Bool, sourceLocation: SourceLocation = #_sourceLocation) throws {
        try patient(mrn, taking: names)
        let (status, findings) = try bleedingRisk(mrn)
        #expect(status == 0, "\(findings)", sourceLocation: sourceLocation)
        for name in names {
            let severities = (findings[name] ?? []).map { $0["severity"] as? String }
            #expect(severities == (silent ? [] : ["info"]), "\(name): \(findings[name] ?? [])", sourceLocation: sourceLocation)
        }
    }

    @Test func everyClassWarnsInEnglish() throws {
        try expectWarnings(
            "BR-EN",
            [
                ("aspirin", "acetylsalicylic acid"), ("ibuprofen 400 mg", "ibuprofen"), ("clopidogrel", "clopidogrel"),
                ("warfarin", "warfarin"), ("apixaban", "apixaban"), ("enoxaparin 40 mg", "enoxaparin"),
                ("sertraline", "sertraline"), ("vitamin E 400 IU", "vitamin E"), ("Evening Primrose Oil", "evening primrose oil"),
                ("fish oil", "omega-3 fish oil"), ("Ginkgo biloba", "ginkgo"), ("garlic capsules", "garlic"),
                ("Korean ginseng", "ginseng"), ("ginger", "ginger"), ("Feverfew", "feverfew"), ("Dong Quai", "dong quai"),
                ("St. John’s Wort", "St John's wort"), ("Chinese herbal medicine", "an unnamed herbal medicine"),
                ("alcohol", "alcohol"), ("blood thinner", "an unnamed blood thinner"),
                ("lysine acetylsalicylate", "lysine acetylsalicylate"), ("fondaparinux", "fondaparinux"),
            ])
    }

    @Test func everyClassWarnsInFrench() throws {
        try expectWarnings(
            "BR-FR",
            [
                ("aspirine", "acetylsalicylic acid"), ("Acide acétylsalicylique", "acetylsalicylic acid"),
                ("ibuprofène 200", "ibuprofen"), ("antiagrégant plaquettaire", "an unnamed antiplatelet"),
                ("warfarine", "warfarin"), ("anticoagulant oral direct", "an unnamed direct oral anticoagulant"),
                ("héparine", "heparin"), ("ISRS", "an unnamed SSRI or SNRI"), ("vitamine E", "vitamin E"),
                ("huile d'onagre", "evening primrose oil"), ("huile de poisson", "omega-3 fish oil"), ("ail", "garlic"),
                ("gingembre", "ginger"), ("millepertuis", "St John's wort"), ("grande camomille", "feverfew"),
                ("angélique chinoise", "dong quai"), ("phytothérapie", "an unnamed herbal medicine"), ("alcool", "alcohol"),
                ("fluidifiant sanguin", "an unnamed blood thinner"), ("AINS", "an unnamed NSAID"),
                ("tinzaparine", "tinzaparin"), ("acétylsalicylate de lysine", "lysine acetylsalicylate"),
            ])
    }

    @Test func everyClassWarnsInArabic() throws {
        try expectWarnings(
            "BR-AR",
            [
                ("أسبرين", "acetylsalicylic acid"), ("إيبوبروفين", "ibuprofen"), ("كلوبيدوجريل", "clopidogrel"),
                ("وارفارين", "warfarin"), ("ريفاروكسابان", "rivaroxaban"), ("هيبارين", "heparin"), ("فلوكستين", "fluoxetine"),
                ("فيتامين هـ", "vitamin E"), ("زيت زهرة الربيع المسائية", "evening primrose oil"), ("زيت السمك", "omega-3 fish oil"),
                ("جنكة", "ginkgo"), ("ثوم", "garlic"), ("جينسنغ", "ginseng"), ("زنجبيل", "ginger"), ("كحول", "alcohol"),
                ("مميع للدم", "an unnamed blood thinner"), ("أعشاب صينية", "an unnamed herbal medicine"),
                ("مضادات الالتهاب غير الستيرويدية", "an unnamed NSAID"), ("أبيكسابان", "apixaban"),
            ])
    }

    @Test func brandsOfTheCommonMarketsWarnAsTheirSubstance() throws {
        try expectWarnings(
            "BR-BRANDS",
            [
                ("Kardégic 75 mg", "lysine acetylsalicylate"), ("Kardegic", "lysine acetylsalicylate"),
                ("Aspégic 1000", "lysine acetylsalicylate"), ("Plavix", "clopidogrel"), ("Xarelto 20 mg", "rivaroxaban"),
                ("Eliquis 5 mg", "apixaban"), ("Pradaxa", "dabigatran"), ("Lovenox 4000 UI", "enoxaparin"),
                ("Clexane", "enoxaparin"), ("Sintrom", "acenocoumarol"), ("Previscan", "fluindione"), ("Coumadin", "warfarin"),
                ("Advil", "ibuprofen"), ("Nurofen", "ibuprofen"), ("Voltarène 75 LP", "diclofenac"), ("Brufen", "ibuprofen"),
                ("Profenid", "ketoprofen"), ("Prozac", "fluoxetine"), ("Deroxat", "paroxetine"), ("Effexor", "venlafaxine"),
                ("Cymbalta", "duloxetine"), ("Brilique", "ticagrelor"), ("بلافيكس", "clopidogrel"), ("زاريلتو", "rivaroxaban"),
                ("بروفين", "ibuprofen"), ("Tanakan", "ginkgo"), ("Omacor", "omega-3 fish oil"),
            ])
    }

    /// Case, accents, compatibility forms (full-width letters, Arabic presentation forms, a ligature),
    /// decomposed accents and invisible characters all read as the term.
    @Test func caseAccentsAndCompatibilityFormsAreNormalised() throws {
        try expectWarnings(
            "BR-NORM",
            [
                ("ASPIRINE", "acetylsalicylic acid"), ("IBUPROFÈNE", "ibuprofen"), ("Ibuprofene", "ibuprofen"),
                ("Ａｓｐｉｒｉｎ", "acetylsalicylic acid"), ("ﺃﺳﺒﺮﻳﻦ", "acetylsalicylic acid"),
                ("warfarine\u{0301}", "warfarin"), ("he\u{0301}parine", "heparin"), ("asp\u{200B}irin", "acetylsalicylic acid"),
                ("\u{FB01}sh oil", "omega-3 fish oil"), ("Warfarin®", "warfarin"), ("ŒSTROGÈNE + aspirine", "acetylsalicylic acid"),
            ])
    }

    /// و ف ب ل ك and the article come off before matching; أ إ آ ة ى, tatweel and harakat are folded.
    @Test func arabicCliticsAndLetterVariantsAreFolded() throws {
        try expectWarnings(
            "BR-CLITIC",
            [
                ("والأسبرين", "acetylsalicylic acid"), ("بالأسبرين", "acetylsalicylic acid"), ("للأسبرين", "acetylsalicylic acid"),
                ("كالأسبرين", "acetylsalicylic acid"), ("فالوارفارين", "warfarin"), ("وبلافيكس", "clopidogrel"),
                ("اسبرين", "acetylsalicylic acid"), ("إسبرين", "acetylsalicylic acid"), ("آسبرين", "acetylsalicylic acid"),
                ("أَسْبِرِين", "acetylsalicylic acid"), ("أسـبـريـن", "acetylsalicylic acid"), ("بيره", "alcohol"),
                ("عشبى", "an unnamed herbal medicine"), ("الزنجبيل", "ginger"), ("زيت السمكِ", "omega-3 fish oil"),
                ("لوفينوكس", "enoxaparin"),
            ])
    }

    /// A negation is not a medication; a name after the negation's reach is.
    @Test func negationsDoNotWarn() throws {
        try expectNoWarning(
            "BR-NEG",
            [
                "aspirin-free", "Aspirin free", "sans aspirine", "no alcohol", "without ibuprofen", "pas d'aspirine",
                "بدون أسبرين", "بلا كحول", "w/o aspirin", "sans aspirine ni ibuprofène", "no aspirin or ibuprofen",
                "free of fish oil", "ولا أسبرين", "Aucun anticoagulant",
            ], silent: true)
        // The negated name is not a warning; the word beside it that the vocabulary does not know is asked about.
        try expectNoWarning("BR-NEG-INFO", ["alcohol-free mouthwash"], silent: false)
    }

    @Test func aNameOutsideANegationStillWarns() throws {
        try expectWarnings(
            "BR-NEG-NOT",
            [
                ("sugar-free aspirin", "acetylsalicylic acid"), ("no alcohol, aspirin daily", "acetylsalicylic acid"),
                ("gluten-free fish oil", "omega-3 fish oil"), ("no longer takes warfarin", "warfarin"),
            ])
    }

    /// Drugs that only share letters with a term: mesalazine is 5-ASA, not ASA (aspirin); a term inside
    /// a longer word is not that term; an excipient alcohol is not drinking.
    @Test func lookAlikesDoNotWarn() throws {
        try expectNoWarning("BR-LOOK-SAFE", ["Mesalazine (5-ASA)", "5-ASA 500 mg", "Asacol", "benzyl alcohol", "paracetamol"], silent: true)
        try expectNoWarning("BR-LOOK-INFO", ["aspirinette", "gingerbread", "heparinoid", "coumarin", "alcoholism clinic"], silent: false)
        // ...while the term itself, beside them, is still read.
        try expectWarnings("BR-LOOK-REAL", [("ASA 81 mg", "acetylsalicylic acid"), ("Asacol and aspirin", "acetylsalicylic acid")])
    }

    /// A form applied to the skin is information at most; an oral, injected or transdermal form warns.
    @Test func topicalFormsAreInformationOnly() throws {
        try expectNoWarning(
            "BR-TOPICAL",
            [
                "Voltarène Emulgel", "diclofenac gel 1%", "ibuprofen cream", "gel d'ibuprofène", "كريم فولتارين",
                "مرهم الهيبارين", "Ketum gel", "Flector patch", "vitamin E cream", "heparin ointment",
            ], silent: false)
        let (_, findings) = try bleedingRisk("BR-TOPICAL")
        #expect(findings["ibuprofen cream"]?.first?["message"] as? String ?? "" == "ibuprofen cream (ibuprofen; NSAID) is written as a form applied to the skin, which adds little bleeding risk: no warning.")
        try expectWarnings(
            "BR-SYSTEMIC",
            [
                ("Lovenox sous-cutanée", "enoxaparin"), ("fish oil softgels", "omega-3 fish oil"),
                ("Advil Liqui-Gels", "ibuprofen"), ("diclofenac transdermal patch", "diclofenac"),
                ("Nurofen tablets and Voltaren gel", "ibuprofen"), ("جل فولتارين ونوروفين", "ibuprofen"),
            ])
    }

    /// A record the vocabulary does not know is information, never a silent pass; a known name beside
    /// an unknown one does not vouch for it.
    @Test func unknownEntriesAreInformation() throws {
        try expectNoWarning("BR-UNKNOWN", ["Xyzaprin 20 mg", "paracetamol + Xyzaprin", "levothyroxinee"], silent: false)
        let (_, findings) = try bleedingRisk("BR-UNKNOWN")
        #expect(
            findings["Xyzaprin 20 mg"]?.first?["message"] as? String
                == "Xyzaprin 20 mg is not in the medication vocabulary: check it for bleeding risk (the pharmacist adds it with meso vocabulary add).")
        #expect((findings["paracetamol + Xyzaprin"]?.first?["message"] as? String ?? "").hasPrefix("paracetamol + Xyzaprin: xyzaprin is not in"))
    }
}
