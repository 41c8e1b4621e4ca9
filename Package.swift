// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "meso",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "meso", targets: ["meso"]),
        .executable(name: "MesoBench", targets: ["MesoBench"]),
        .library(name: "MesoCore", targets: ["MesoCore"]),
        .library(name: "PostgresClient", targets: ["PostgresClient"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        .target(name: "PostgresClient", dependencies: ["CLibPQ"]),
        .target(
            name: "MesoCore",
            dependencies: ["PostgresClient"],
            exclude: ["GS1/SyntaxDictionary/README.md"],
            resources: [.embedInCode("GS1/SyntaxDictionary/gs1-syntax-dictionary.txt")]
        ),
        .executableTarget(
            name: "meso",
            dependencies: [
                "MesoCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            linkerSettings: [
                // A command is a short process: linked into the release binary, the Swift runtime and
                // libraries cost it no dynamic loading and symbol binding at every start (some 5 ms of
                // the 30 a `meso check` takes), and the binary runs wherever libpq does.
                .unsafeFlags(["-static-stdlib"], .when(platforms: [.linux], configuration: .release)),
                // What the static FoundationEssentials needs that the modules, compiled against the shared
                // one, do not name.
                .linkedLibrary("_FoundationCollections", .when(platforms: [.linux], configuration: .release)),
                .linkedLibrary("_FoundationCShims", .when(platforms: [.linux], configuration: .release)),
                .linkedLibrary("swiftSynchronization", .when(platforms: [.linux], configuration: .release)),
            ]
        ),
        .executableTarget(
            name: "MesoBench",
            dependencies: [
                "MesoCore", "PostgresClient",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(name: "TestSupport", dependencies: ["PostgresClient", "MesoCore"], path: "Tests/TestSupport"),
        .testTarget(name: "PostgresClientTests", dependencies: ["PostgresClient", "TestSupport"]),
        .testTarget(
            name: "MesoCoreTests",
            dependencies: [
                "MesoCore", "TestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(name: "MesoCLITests", dependencies: ["MesoCore", "TestSupport", "meso"]),
    ],
    swiftLanguageModes: [.v6]
)
