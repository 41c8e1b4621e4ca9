import MesoCore

/// The words of the generated clinic: patients' names in the scripts a city clinic sees, the
/// allergies, conditions and medicines on their files in rough real-world proportions, and the
/// people and suppliers of the pharmacy. Weights are relative.
enum ClinicVocabulary {
    /// Given names and family names per language, combined within a language.
    static let names: [(given: [String], family: [String])] = [
        (["Amélie", "Camille", "Léa", "Chloé", "Élodie", "Hélène", "Sophie", "Claire", "Manon", "Julien", "Thomas"],
         ["Durand", "Martin", "Lefèvre", "Moreau", "Girard", "Rousseau", "Fournier", "Bérard"]),
        (["فاطمة", "مريم", "ليلى", "نور", "سارة", "يوسف", "هدى"], ["الزهراء", "العلي", "حداد", "الخطيب", "منصور"]),
        (["秀英", "娜", "静", "丽", "伟", "洋"], ["王", "李", "张", "刘", "陈"]),
        (["Thị Lan", "Thu Hà", "Minh Anh", "Ngọc Mai"], ["Nguyễn", "Trần", "Lê", "Phạm"]),
        (["Lucía", "Carmen", "Sofía", "Carlos", "Isabel"], ["García", "Rodríguez", "Martínez", "Mendoza Ruiz"]),
        (["Siobhán", "Aoife", "Ingrid", "Zofia", "Ayşe", "Priya", "Olumide"],
         ["O'Connor", "Svensson", "Wiśniewska", "Yılmaz", "Sharma", "Adébáyọ̀"]),
        (["Μαρία", "Ελένη", "Анна", "Ольга"], ["Παπαδοπούλου", "Γεωργίου", "Иванова", "Смирнова"]),
        (["민지", "서연", "美咲", "陽菜"], ["김", "이", "佐藤", "鈴木"]),
    ]

    /// Languages written family name first, without a space.
    static let familyFirst: Set<Int> = [2, 7]

    static let compoundAllergies: [(String, Double)] = [
        ("lidocaine", 6), ("procaine", 3), ("articaine", 2), ("benzocaine", 1), ("thiamine", 4), ("cyanocobalamin", 3),
        ("methylparaben", 3), ("propylparaben", 1), ("sodium-metabisulfite", 3), ("benzyl-alcohol", 2), ("ha-avian", 1),
        ("chondroitin-sulfate-bovine", 1), ("pdrn", 1), ("marine-collagen", 1), ("bovine-collagen", 1),
        ("ascorbic-acid", 1), ("tocopherol", 2), ("arnica-montana", 2), ("retinol", 1), ("biotin", 0.5),
    ]

    static let groupAllergies: [(String, Double)] = [
        ("amide-anaesthetics", 4), ("ester-anaesthetics", 3), ("parabens", 5), ("sulfites", 5), ("cobalt", 6),
        ("benzyl-alcohol", 2), ("thiamine", 2), ("avian-protein", 3), ("fish-protein", 5), ("bovine-protein", 2),
    ]

    static let reactions = [
        "local urticaria and itching", "generalised rash within hours", "swelling of the lips",
        "eczema 48 h after an injection; positive patch test", "anaphylaxis in hospital", "redness at the injection site",
        "mouth itching after eating it", "hives after dental anaesthesia",
    ]

    static let conditions: [(kind: String, notes: [String?], weight: Double)] = [
        ("other", ["hypothyroidism, treated and stable", "hypertension", "asthma", "type 2 diabetes", "migraine", nil], 45),
        ("facial-surgery", ["upper blepharoplasty", "rhinoplasty", "facelift", "lip lift"], 18),
        ("skin-disease", ["rosacea, papulopustular", "psoriasis on the scalp", "atopic dermatitis", "acne vulgaris"], 14),
        ("infection", ["herpes labialis", "impetigo on the chin"], 6),
        ("inflammation", ["contact dermatitis on the cheeks", "perioral dermatitis"], 6),
        ("pregnancy", [nil], 4),
    ]

    /// How often each class of the medication vocabulary is on a patient's file. The names themselves
    /// are drawn from the seeded vocabulary (Fixtures/medication_terms.csv: substances in English,
    /// French and Arabic, and brands), the one the check reads.
    static let medicationClasses: [(MedicationClass, Double)] = [
        (.noBleedingRisk, 70), (.supplementHerb, 22), (.nsaid, 8), (.salicylate, 5), (.ssriSnri, 4), (.alcohol, 2),
        (.antiplatelet, 1.5), (.directOralAnticoagulant, 1.5), (.vitaminKAntagonist, 1), (.heparin, 0.5),
        (.bloodThinner, 0.5),
    ]

    static let practitioners = ["Dr Camille Laurent", "Dr Nadia Haddad", "Dr Sofia Rossi", "Dr Mei Chen", "Dr Aoife Byrne"]
    static let pharmacists = ["Pharm. Julien Moreau", "Pharm. Aisha Benali"]
    static let suppliers = ["Fusion Meso", "Mesoestetic", "Dermaqual", "Toskani", "Institut BCN"]
    static let areas: [(String?, Double)] = [("face", 45), ("neck", 12), ("scalp", 20), ("décolletage", 8), (nil, 15)]
    static let adverseEvents: [(String, Double)] = [
        ("redness", 35), ("swelling", 20), ("pain", 15), ("bleeding", 15), ("itching", 10), ("nausea", 3),
        ("allergic-reaction", 2),
    ]
    static let cancelReasons = ["Recorded for the wrong patient", "Session stopped before any injection", "Entered twice"]

    /// The share of sessions each formula makes up, as a busy city clinic sees them.
    static let formulaPopularity: [String: Double] = [
        "REVIT-FACE": 16, "REVIT-LIDO": 8, "REVIT-NECK": 8, "HAIR-LOSS": 35, "SKIN-BOOST": 6, "PDRN-REGEN": 10,
        "FIRM-MATRIX": 8, "GLOW-C": 12, "AMINO-EYE": 8,
    ]
}
