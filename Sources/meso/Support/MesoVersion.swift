/// The version `meso --version` prints.
enum MesoVersion {
    static let current = "0.15.0"
}
