import ArgumentParser
import MesoCore

struct CompoundLimitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "limit",
        abstract: "Dose limits per patient and clinic day: set, list and remove them; every change is kept.",
        subcommands: [CompoundLimitSet.self, CompoundLimitList.self, CompoundLimitRemove.self]
    )
}

struct CompoundLimitSet: RequestCommand {
    static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "Set a compound's dose limit: mg per kg of body weight and a cap in mg.",
        discussion: """
            Without --with-vasoconstrictor, the limit of plain solutions; with it, the limit that applies to a \
            product carrying epinephrine at 5 ug/mL (1:200,000) or more itself. Local anaesthetics add up over \
            the patient's clinic day. Applies to every check from now on; who, when and the values before are kept.
            """)

    @OptionGroup var options: GlobalOptions

    @Argument(help: "The compound code, such as lidocaine.")
    var code: String

    @Option(name: .customLong("mg-per-kg"), parsing: .unconditional, help: "mg per kg of body weight.")
    var mgPerKG: String

    @Option(name: .customLong("max-mg"), parsing: .unconditional, help: "The cap in mg, whatever the weight.")
    var maxMG: String

    @Flag(name: .customLong("with-vasoconstrictor"), help: "The limit for solutions with epinephrine 1:200,000 or stronger.")
    var withVasoconstrictor = false

    func request() throws(MesoError) -> NewCompoundLimit {
        NewCompoundLimit(
            compound: try CompoundCode(code, field: "CODE"),
            mgPerKG: try DoseAmount.perKilogram(mgPerKG, field: .mgPerKg), maxMG: try DoseAmount.cap(maxMG, field: .maxMg),
            withVasoconstrictor: withVasoconstrictor)
    }

    func run(_ request: NewCompoundLimit) throws {
        let limit = try options.service(CatalogService.self).setLimit(request)
        options.print(.document(CompoundPresentation.limitRecord(limit), notes: ["Limit set; it applies to every check from now on."]))
    }
}

struct CompoundLimitList: MesoCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "Every dose limit on file, with who set it and when.")

    @OptionGroup var options: GlobalOptions

    func run() throws {
        options.print(CompoundPresentation.limits(try options.service(CatalogService.self).limits()))
    }
}

struct CompoundLimitRemove: RequestCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Remove a compound's plain limit (or, with --with-vasoconstrictor, its limit with a vasoconstrictor).",
        discussion: "A local anaesthetic left without a limit warns in every check that its dose could not be checked.")

    @OptionGroup var options: GlobalOptions

    @Argument(help: "The compound code.")
    var code: String

    @Flag(name: .customLong("with-vasoconstrictor"), help: "Remove the limit for solutions with a vasoconstrictor.")
    var withVasoconstrictor = false

    func request() throws(MesoError) -> CompoundCode {
        try CompoundCode(code, field: "CODE")
    }

    /// Removes the limit of the compound as typed (the service matches its code as `show` does).
    func run(_ request: CompoundCode) throws {
        let service = try options.service(CatalogService.self)
        try service.removeLimit(compound: request, withVasoconstrictor: withVasoconstrictor)
        let kind = withVasoconstrictor ? "with-vasoconstrictor" : "plain"
        options.print(
            .message(
                "The \(kind) limit of \(code.lowercased()) is removed; the change is kept.",
                ["code": .text(code.lowercased()), "with_vasoconstrictor": .boolean(withVasoconstrictor), "removed": .boolean(true)]))
    }
}
