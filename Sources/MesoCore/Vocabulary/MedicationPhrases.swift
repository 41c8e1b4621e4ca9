/// The words around a medication's name that change what the record says about it, in English,
/// French and Arabic, written in the database's normal form (lower case, no accents, Arabic letter
/// variants folded: أ → ا, ة → ه, ى → ي).
enum MedicationPhrases {
    /// Words before a name that say it is absent: "no aspirin", "sans aspirine", "بدون أسبرين".
    static let negators: Set<Substring> = [
        "no", "not", "non", "without", "none", "never", "nor", "zero", "denies", "denied",
        "sans", "pas", "aucun", "aucune", "jamais", "ni", "exempt", "exempte",
        "بدون", "بلا", "لا", "ليس", "غير", "دون", "خالي", "خال", "خاليه",
    ]

    /// Two words before a name that say it is absent ("w/o" is written "w o" in normal form).
    static let negatorPairs: [(Substring, Substring)] = [("w", "o"), ("free", "of"), ("free", "from")]

    /// A word after a name that says it is absent: "aspirin-free", "alcohol free".
    static let negatorsAfter: Set<Substring> = ["free"]

    /// Words that may stand between a negation and the name it negates ("pas d'aspirine", "no
    /// more than", "بدون اي").
    static let fillers: Set<Substring> = [
        "of", "any", "the", "a", "an", "taking", "take", "takes", "using", "use",
        "de", "d", "du", "des", "la", "le", "l", "les", "un", "une", "prise",
        "من", "اي", "تناول",
    ]

    /// Words that carry a negation on to the next name: "sans aspirine ni ibuprofène", "no aspirin or
    /// ibuprofen". "And" does not: "no alcohol and aspirin daily" is read as taking aspirin.
    static let coordinators: Set<Substring> = ["or", "nor", "ou", "ni", "او"]

    /// Words that start another item of a list, where a form word no longer belongs to the name before.
    static let itemBreaks: Set<Substring> = [",", "and", "et", "plus", "with", "avec", "or", "ou", "nor", "ni", "و", "او", "مع"]

    /// Forms applied to the skin: a name written with one of them adds little bleeding risk.
    static let topicalForms: Set<Substring> = [
        "cream", "creams", "creme", "cremes", "gel", "gels", "emulgel", "ointment", "ointments", "pommade", "pommades",
        "lotion", "lotions", "foam", "topical", "topically", "topique", "patch", "patches", "plaster", "plasters",
        "emplatre", "emplatres", "liniment", "balm", "baume", "salve", "cutaneous", "cutane", "cutanee", "tissugel",
        "كريم", "مرهم", "جل", "جيل", "لصقه", "لصقات", "لزقه", "دهان", "موضعي",
    ]

    /// Forms taken by mouth or injected: with one of them the name is systemic whatever else is written
    /// ("sous-cutanée" names an injection, "transdermal" a patch that acts on the whole body).
    static let systemicForms: Set<Substring> = [
        "tablet", "tablets", "tab", "tabs", "capsule", "capsules", "caps", "softgel", "softgels", "gelcap", "gelcaps",
        "liqui", "liquigel", "liquigels", "pill", "pills",
        "oral", "orally", "po", "drink", "comprime", "comprimes", "cp", "gelule", "gelules", "sachet", "sachets",
        "buvable", "sirop", "syrup", "injection", "injections", "injectable", "inj", "sc", "iv", "im", "sous",
        "subcutaneous", "intraveineuse", "intravenous", "seringue", "seringues", "syringe", "stylo", "pen",
        "transdermal", "transdermique",
        "حبوب", "حبه", "اقراص", "قرص", "كبسول", "كبسوله", "كبسولات", "شراب", "حقن", "حقنه", "ابره", "فموي",
    ]

    /// Words of a dose, a schedule or a presentation: no medicine is named by them, so they are not
    /// "unknown" in a record ("aspirin 100 mg once daily").
    static let doseWords: Set<Substring> = [
        "mg", "g", "gr", "mcg", "μg", "ug", "ml", "l", "iu", "ui", "u", "unit", "units", "unite", "unites", "x",
        "daily", "day", "days", "per", "once", "twice", "bid", "tid", "qid", "qd", "od", "prn", "morning", "evening",
        "night", "week", "weeks", "weekly", "month", "months", "at", "in", "on", "for", "since", "when", "needed",
        "fois", "par", "jour", "jours", "j", "matin", "soir", "midi", "semaine", "semaines", "mois", "si", "besoin",
        "forte", "fort", "extra", "max", "junior", "enfant", "enfants", "adulte", "adult", "retard", "lp", "sr",
        "xr", "cr", "er", "ld", "mite", "rapide", "rapid", "effervescent", "soluble", "orodispersible", "dispersible",
        "chewable", "liquid", "complex", "complexe", "supplement", "supplements", "complement", "complements",
        "alimentaire", "natural", "naturel", "naturelle", "pure", "gummies", "gummy", "dose", "doses", "low",
        "faible", "dosage", "box", "boite",
        "ملغ", "مغ", "ملجم", "ملغم", "جم", "غرام", "غم", "مل", "وحده", "يوميا", "يومي", "يوم", "مره", "مرتين",
        "اسبوع", "اسبوعيا", "صباحا", "مساء", "ليلا", "عند", "الحاجه", "جرعه",
    ]

    /// Words that name no medicine: every list above, and the clause break.
    static let ignorable: Set<Substring> = {
        var words: Set<Substring> = [","]
        words.formUnion(negators)
        words.formUnion(negatorsAfter)
        words.formUnion(fillers)
        words.formUnion(coordinators)
        words.formUnion(itemBreaks)
        words.formUnion(topicalForms)
        words.formUnion(systemicForms)
        words.formUnion(doseWords)
        for (first, second) in negatorPairs { words.formUnion([first, second]) }
        return words
    }()

    /// A number, or a number and its unit written together ("100mg", "1000iu").
    static func isQuantity(_ word: Substring) -> Bool {
        let digits = word.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty else { return false }
        let unit = word.dropFirst(digits.count)
        return unit.isEmpty || doseWords.contains(unit)
    }

    /// Whether any reading of the word is in `set` (Arabic words with their clitics taken off).
    static func contains(_ set: Set<Substring>, _ forms: [WordForms.Form], word: Substring) -> Bool {
        set.contains(word) || forms.contains { set.contains($0.text) }
    }
}
