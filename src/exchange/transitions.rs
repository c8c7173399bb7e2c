//! The reservation state machine, as data: who may take each step, from which statuses,
//! to which, and what it does to the listing. No I/O here, so every transition, allowed
//! or refused, is tested below.
//!
//! ```text
//! requested --confirm (holder)--> confirmed --complete (holder)--> completed
//!     |  \--refuse (holder)--> refused
//!     \--cancel (either)--> cancelled <--cancel (either)-- confirmed
//! ```
use crate::domain::error::{Conflict, DomainError};
use crate::domain::{HistoryKind, ReservationStatus};

/// Which side of a match the caller is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Holder,
    Taker,
}

/// A step of a reservation, asked for by one side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Confirm,
    Refuse,
    Cancel,
    Complete,
}

impl Action {
    pub const ALL: [Action; 4] = [
        Action::Confirm,
        Action::Refuse,
        Action::Cancel,
        Action::Complete,
    ];

    /// The status the reservation is in after the step.
    pub fn target(self) -> ReservationStatus {
        match self {
            Action::Confirm => ReservationStatus::Confirmed,
            Action::Refuse => ReservationStatus::Refused,
            Action::Cancel => ReservationStatus::Cancelled,
            Action::Complete => ReservationStatus::Completed,
        }
    }

    /// The statuses the step may start from.
    pub fn from(self) -> &'static [ReservationStatus] {
        use ReservationStatus::*;
        match self {
            Action::Confirm | Action::Refuse => &[Requested],
            Action::Cancel => &[Requested, Confirmed],
            Action::Complete => &[Confirmed],
        }
    }

    /// Only the holder confirms, refuses and records the collection; either side cancels.
    pub fn holder_only(self) -> bool {
        self != Action::Cancel
    }

    /// Refusing and cancelling give the reserved quantity back to the listing.
    pub fn gives_back(self) -> bool {
        matches!(self, Action::Refuse | Action::Cancel)
    }

    /// The past participle, for messages ("cannot be confirmed").
    pub fn done(self) -> &'static str {
        match self {
            Action::Confirm => "confirmed",
            Action::Refuse => "refused",
            Action::Cancel => "cancelled",
            Action::Complete => "completed",
        }
    }

    /// The event the step records on the match.
    pub fn event(self) -> HistoryKind {
        match self {
            Action::Confirm => HistoryKind::ReservationConfirmed,
            Action::Refuse => HistoryKind::ReservationRefused,
            Action::Cancel => HistoryKind::ReservationCancelled,
            Action::Complete => HistoryKind::ReservationCompleted,
        }
    }

    /// The status the step leads to, if `side` may take it from `current`.
    pub fn check(
        self,
        current: ReservationStatus,
        side: Side,
    ) -> Result<ReservationStatus, DomainError> {
        if self.holder_only() && side != Side::Holder {
            return Err(DomainError::Forbidden("only the holder does this"));
        }
        if !self.from().contains(&current) {
            return Err(Conflict::InvalidTransition {
                current: current.as_str(),
                action: self.done(),
            }
            .into());
        }
        Ok(self.target())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ReservationStatus::*;

    const STATUSES: [ReservationStatus; 5] = [Requested, Confirmed, Refused, Cancelled, Completed];

    /// The whole table, written out: (action, from, side) -> allowed target.
    fn expected(action: Action, from: ReservationStatus, side: Side) -> Option<ReservationStatus> {
        match (action, from, side) {
            (Action::Confirm, Requested, Side::Holder) => Some(Confirmed),
            (Action::Refuse, Requested, Side::Holder) => Some(Refused),
            (Action::Cancel, Requested | Confirmed, _) => Some(Cancelled),
            (Action::Complete, Confirmed, Side::Holder) => Some(Completed),
            _ => None,
        }
    }

    #[test]
    fn every_transition_is_allowed_or_refused_as_the_table_says() {
        for action in Action::ALL {
            for from in STATUSES {
                for side in [Side::Holder, Side::Taker] {
                    let got = action.check(from, side).ok();
                    assert_eq!(
                        got,
                        expected(action, from, side),
                        "{action:?} {from:?} {side:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_taker_is_forbidden_the_holders_steps_whatever_the_status() {
        for action in [Action::Confirm, Action::Refuse, Action::Complete] {
            for from in STATUSES {
                assert!(matches!(
                    action.check(from, Side::Taker),
                    Err(DomainError::Forbidden(_))
                ));
            }
        }
    }

    #[test]
    fn a_refused_step_names_the_current_status() {
        let err = Action::Confirm.check(Completed, Side::Holder).unwrap_err();
        match err {
            DomainError::Conflict(Conflict::InvalidTransition { current, action }) => {
                assert_eq!(current, "completed");
                assert_eq!(action, "confirmed");
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn finished_reservations_never_move_again() {
        for from in [Refused, Cancelled, Completed] {
            for action in Action::ALL {
                assert!(action.check(from, Side::Holder).is_err());
                assert!(action.check(from, Side::Taker).is_err());
            }
        }
    }

    #[test]
    fn only_refusing_and_cancelling_give_quantity_back() {
        let giving: Vec<_> = Action::ALL.into_iter().filter(|a| a.gives_back()).collect();
        assert_eq!(giving, vec![Action::Refuse, Action::Cancel]);
    }
}
