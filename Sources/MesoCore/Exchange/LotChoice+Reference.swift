extension LotChoice {
    /// The lot `PRODUCT:LOT` names, as the other commands name it with `--product` and `--lot`.
    public var reference: LotReference { LotReference(productCode: productCode, lotNumber: lotNumber) }
}
