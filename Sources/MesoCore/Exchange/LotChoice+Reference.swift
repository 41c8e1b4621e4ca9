extension LotChoice {
    /// The lot `PRODUCT:LOT` names, as the other commands name it with `Field.product` and `Field.lot`.
    public var reference: LotReference { LotReference(productCode: productCode, lotNumber: lotNumber) }
}
