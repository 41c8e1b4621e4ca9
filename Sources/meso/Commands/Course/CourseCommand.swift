import ArgumentParser

struct CourseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "course",
        abstract: "Plan treatment courses and see which sessions are done, due, overdue or upcoming.",
        subcommands: [CoursePlan.self, CourseShow.self]
    )
}
