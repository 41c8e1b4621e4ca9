import PostgresClient

/// The sentences for a database that refuses a login or a statement for lack of privilege (exit 77).
/// They name the login whose privilege was lacking and the role that has it, because the usual
/// cause is a person working under the wrong login, and `Field.actor` changes only the recorded name.
enum PrivilegeRefusal {
    private static let actorNote: Message = "\(.actor) only names who is recorded and grants nothing"

    /// A statement refused with SQLSTATE 42501: a missing table privilege or a row-level policy.
    static func statement(_ error: PostgresError) -> MesoError {
        let login = loginName(error.user)
        let message = error.message
        // meso's own triggers refuse with a sentence of their own (a cancellation by another login);
        // PostgreSQL's own refusals start "permission denied" or "new row violates".
        if !message.hasPrefix("permission denied"), !message.hasPrefix("new row violates") {
            return MesoError(.permissionDenied, Message(message))
        }
        if message.hasPrefix("permission denied to create temporary tables") {
            return MesoError(
                .permissionDenied,
                "\(login) may not create temporary tables: only the schema's owner (the database administrator, who runs meso db migrate and meso db seed) does, and \(actorNote).")
        }
        if message.hasPrefix("new row violates row-level security policy") {
            let table = error.table ?? quotedName(in: message) ?? "this table"
            if table == "stock_movement" {
                return MesoError(
                    .permissionDenied,
                    "\(login) may not record this stock movement: receipts, counts, destructions and stock waste are written by logins in \(DatabaseRole.pharmacist.rawValue), the use, waste and reversal of a session by logins in \(DatabaseRole.practitioner.rawValue), and \(actorNote).")
            }
            return MesoError(
                .permissionDenied, "\(login) may not write this row into \(table): a row-level policy refuses it, and \(actorNote).")
        }
        let object = message.hasPrefix("permission denied for ")
            ? String(message.dropFirst("permission denied for ".count)) : error.table.map { "table \($0)" } ?? "this object"
        if object.hasPrefix("function meso_fhir_") {
            return MesoError(
                .permissionDenied,
                "\(login) may not make this FHIR export: a patient's record is exported by logins in \(DatabaseRole.practitioner.rawValue), a lot's recall by logins in \(DatabaseRole.practitioner.rawValue) or \(DatabaseRole.auditor.rawValue), and \(actorNote).")
        }
        if object == "table clinic" {
            return MesoError(
                .permissionDenied,
                "\(login) may not change the clinic's settings: the schema's owner (the database administrator, who runs meso db migrate) sets them, and every meso role reads them.")
        }
        if object.hasPrefix("table "), DatabaseRole.isClinical(String(object.dropFirst("table ".count))) {
            return MesoError(
                .permissionDenied,
                "\(login) has no privilege for this on \(object): patients' clinical data is read and written by logins in \(DatabaseRole.practitioner.rawValue) only; \(actorNote).")
        }
        if object.hasPrefix("table "), let writer = DatabaseRole.writer(of: String(object.dropFirst("table ".count))) {
            return MesoError(
                .permissionDenied,
                "\(login) has no privilege for this on \(object), which logins in \(writer.rawValue) write and every meso role reads; \(actorNote).")
        }
        if object.hasPrefix("schema ") {
            return MesoError(
                .permissionDenied,
                "\(login) has no privilege for this on \(object): the schema is changed only by its owner (the database administrator, who runs meso db migrate), and the meso roles only read and write its tables.")
        }
        return MesoError(
            .permissionDenied,
            "\(login) has no privilege for this on \(object); ask the database administrator for a login in the meso role of your job (\(DatabaseRole.allCases.map(\.rawValue).joined(separator: ", "))), and note that \(actorNote).")
    }

    /// A connection the server refused at login, as opposed to a server that could not be reached.
    /// libpq reports the server's reason only as text (`FATAL:  role "x" is not permitted to log in`).
    static func login(_ error: PostgresError) -> MesoError? {
        guard error.kind == .connectionFailed, let range = error.message.firstRange(of: "FATAL:") else { return nil }
        let reason = error.message[range.upperBound...].drop(while: { $0 == " " })
        let role = quotedName(in: String(reason)) ?? error.user ?? "?"
        if reason.hasPrefix("role \""), reason.contains("is not permitted to log in") {
            if let group = DatabaseRole(rawValue: role) {
                return MesoError(
                    .permissionDenied,
                    "The database role \"\(role)\" may not log in: it is a group role, granted to each person's own login (CREATE ROLE alice LOGIN IN ROLE \(group.rawValue)).")
            }
            return MesoError(
                .permissionDenied, "The database role \"\(role)\" may not log in; ask the database administrator for a login.")
        }
        if reason.hasPrefix("role \""), reason.contains("does not exist") {
            return MesoError(
                .permissionDenied,
                "The database has no login \"\(role)\"; ask the database administrator for one in the meso role of your job (CREATE ROLE \(role) LOGIN IN ROLE \(DatabaseRole.pharmacist.rawValue)).")
        }
        if reason.hasPrefix("permission denied for database") {
            return MesoError(.permissionDenied, "\(loginName(error.user)) may not connect to this database (no CONNECT privilege).")
        }
        if reason.contains("authentication failed") || reason.hasPrefix("no pg_hba.conf entry") {
            let who = error.user.map { "the login \"\($0)\"" } ?? "the login of this connection"
            return MesoError(.permissionDenied, "The database refused \(who): authentication failed.")
        }
        return nil
    }

    private static func loginName(_ user: String?) -> String {
        user.map { "The database login \"\($0)\"" } ?? "The database login of this connection"
    }

    /// The first name in double quotes: `role "x" ...` gives x.
    private static func quotedName(in text: String) -> String? {
        let parts = text.split(separator: "\"", omittingEmptySubsequences: false)
        return parts.count >= 3 ? String(parts[1]) : nil
    }
}
