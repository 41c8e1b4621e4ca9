/// A small, fast random generator with a seed (SplitMix64), so that two runs of the benchmark
/// generate the same clinic and pick the same patients.
struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// True with probability `probability`.
    mutating func chance(_ probability: Double) -> Bool {
        Double.random(in: 0..<1, using: &self) < probability
    }

    mutating func int(in range: ClosedRange<Int>) -> Int {
        Int.random(in: range, using: &self)
    }

    /// One of `choices`, each as likely as its weight.
    mutating func weighted<Choice>(_ choices: [(Choice, Double)]) -> Choice {
        let total = choices.reduce(0) { $0 + $1.1 }
        var point = Double.random(in: 0..<total, using: &self)
        for (choice, weight) in choices {
            if point < weight { return choice }
            point -= weight
        }
        return choices[choices.count - 1].0
    }

    /// An independent generator for one thread or one part of the data set.
    mutating func split() -> SeededRandom {
        SeededRandom(seed: next())
    }
}
