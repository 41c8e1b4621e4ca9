#ifndef MESO_CLIBPQ_SHIM_H
#define MESO_CLIBPQ_SHIM_H

#include <libpq-fe.h>

/* libpq defines the error-field codes as character-constant macros ('C', 'n', ...),
   which Swift's importer skips; these constants carry the same values into Swift. */
static const int MESO_PG_DIAG_SQLSTATE = PG_DIAG_SQLSTATE;
static const int MESO_PG_DIAG_SEVERITY = PG_DIAG_SEVERITY_NONLOCALIZED;
static const int MESO_PG_DIAG_MESSAGE_PRIMARY = PG_DIAG_MESSAGE_PRIMARY;
static const int MESO_PG_DIAG_MESSAGE_DETAIL = PG_DIAG_MESSAGE_DETAIL;
static const int MESO_PG_DIAG_MESSAGE_HINT = PG_DIAG_MESSAGE_HINT;
static const int MESO_PG_DIAG_SCHEMA_NAME = PG_DIAG_SCHEMA_NAME;
static const int MESO_PG_DIAG_TABLE_NAME = PG_DIAG_TABLE_NAME;
static const int MESO_PG_DIAG_COLUMN_NAME = PG_DIAG_COLUMN_NAME;
static const int MESO_PG_DIAG_CONSTRAINT_NAME = PG_DIAG_CONSTRAINT_NAME;

#endif
