//! The documented data-migration errors, recognized by their messages.

/// The documented data-migration errors.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum MigrationError {
    /// `Scans [..] are wiped out`: the scans were deleted.
    WipedOut,
    /// `Account [..] not found`.
    AccountNotFound,
    /// `Scan references [..] not found`.
    ScanNotFound,
    /// `Scans [..] not in final state`: not processed yet.
    NotInFinalState,
    /// `Scan references [..] already migrated`.
    AlreadyMigrated,
    /// `Scan references [..] are in progress or already migrated`.
    InProgressOrAlreadyMigrated,
    /// The authentication-migration preconditions are not met (APPROVED_VERIFIED, validity TRUE,
    /// similarity MATCH).
    AuthenticationPreconditions,
}

impl MigrationError {
    /// A stable snake_case name (`already_migrated`, …).
    pub fn code(&self) -> &'static str {
        match self {
            Self::WipedOut => "wiped_out",
            Self::AccountNotFound => "account_not_found",
            Self::ScanNotFound => "scan_not_found",
            Self::NotInFinalState => "not_in_final_state",
            Self::AlreadyMigrated => "already_migrated",
            Self::InProgressOrAlreadyMigrated => "in_progress_or_already_migrated",
            Self::AuthenticationPreconditions => "authentication_preconditions",
        }
    }

    /// Recognizes a documented message; `None` for anything else.
    pub fn from_message(message: &str) -> Option<Self> {
        let m = message.trim();
        // How each message starts and ends, tried in this order (the longer ending first).
        let (scans, references) = ("Scans [", "Scan references [");
        let by_ends = [
            (scans, "are wiped out", Self::WipedOut),
            ("Account [", "not found", Self::AccountNotFound),
            (
                references,
                "are in progress or already migrated",
                Self::InProgressOrAlreadyMigrated,
            ),
            (references, "already migrated", Self::AlreadyMigrated),
            (references, "not found", Self::ScanNotFound),
            (scans, "not in final state", Self::NotInFinalState),
        ];
        let found = by_ends
            .into_iter()
            .find(|(start, end, _)| m.starts_with(start) && m.ends_with(end));
        match found {
            Some((_, _, error)) => Some(error),
            None => (m.starts_with(scans) && m.contains("authentication migration preconditions"))
                .then_some(Self::AuthenticationPreconditions),
        }
    }
}

/// The scan references inside the first `[...]` of a migration message.
pub(super) fn bracketed(message: &str) -> Vec<String> {
    let Some(open) = message.find('[') else {
        return Vec::new();
    };
    let Some(close) = message[open..].find(']') else {
        return Vec::new();
    };
    message[open + 1..open + close]
        .split(',')
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migration_messages_are_recognized_with_their_references() {
        let cases = [
            ("Scans [a, b] are wiped out", MigrationError::WipedOut),
            ("Account [x] not found", MigrationError::AccountNotFound),
            (
                "Scan references [a] not found",
                MigrationError::ScanNotFound,
            ),
            (
                "Scans [a] not in final state",
                MigrationError::NotInFinalState,
            ),
            (
                "Scan references [a] already migrated",
                MigrationError::AlreadyMigrated,
            ),
            (
                "Scan references [a] are in progress or already migrated",
                MigrationError::InProgressOrAlreadyMigrated,
            ),
        ];
        for (message, expected) in cases {
            assert_eq!(
                MigrationError::from_message(message),
                Some(expected),
                "{message}"
            );
        }
        assert_eq!(bracketed("Scans [a, b] are wiped out"), ["a", "b"]);
        assert_eq!(MigrationError::from_message("something else"), None);
    }
}
