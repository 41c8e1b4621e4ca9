import ArgumentParser
import MesoCore

struct ProductAdd: RequestCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Add a product with the strength of each ingredient per mL.")

    @OptionGroup var options: GlobalOptions

    @Argument(help: "The product code: letters, digits and '-' (stored upper-case).")
    var code: String

    @Option(help: "The product's name.")
    var name: String

    @Option(name: .customLong("vial-ml"), parsing: .unconditional, help: "The volume of one vial, ampoule or syringe, in mL.")
    var vialML: String

    @Flag(help: "Opened for one session; what it does not inject is waste (the default).")
    var singleUse = false

    @Flag(help: "A multi-dose vial, drawn from across sessions.")
    var multiDose = false

    @Option(
        name: .customLong("in-use-days"), parsing: .unconditional,
        help: "Days a multi-dose vial may be drawn from once punctured (default 28; --multi-dose only).")
    var inUseDays: String?

    @Option(help: "The GTIN printed on the box (8, 12, 13 or 14 digits, check digit verified).")
    var gtin: String?

    @Option(name: .customLong("reorder-ml"), parsing: .unconditional, help: "Reorder when usable stock falls to this volume, in mL (default 0: never).")
    var reorderML: String?

    @Option(name: .customLong("ingredient"), help: "COMPOUND:AMOUNT[mg|ug|IU]/mL, once per ingredient (lidocaine:10mg/mL).")
    var ingredients: [String] = []

    func request() throws(MesoError) -> NewProduct {
        try NewProduct(
            code: try ProductCode(code, field: "CODE"), name: try Name(name, field: .name),
            vialML: try Millilitres(vialML, field: .vialMl, maximum: NewProduct.largestVialML),
            use: try VialUse(singleUse: !multiDose, inUseDays: inUseDays),
            gtin: try gtin.map { text throws(MesoError) in try GTIN(text, field: "\(.gtin)") },
            reorderML: try reorderML.map { text throws(MesoError) in
                try Millilitres(text, field: .reorderMl, maximum: NewProduct.largestReorderML, allowZero: true)
            },
            ingredients: try ingredients.map { text throws(MesoError) in try NewProduct.Ingredient(text) })
    }

    func validate() throws {
        if singleUse && multiDose {
            throw ValidationError("--single-use and --multi-dose cannot both be given.")
        }
    }

    func run(_ request: NewProduct) throws {
        let product = try options.service(CatalogService.self).add(request)
        options.print(ProductPresentation.details(product, notes: ["Added product \(product.code)."]))
    }
}
