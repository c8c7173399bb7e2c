//! What public figures may show. A territory report or the open-data export shows a cell
//! (a territory's month and class family) only when it involves at least three
//! organisations, givers and receivers together: fewer would let anyone read one firm's
//! tonnes. Totals add up the cells shown, never the withheld ones, so that no difference
//! of two public figures gives a withheld cell back within one level. Across levels a
//! cell can still be derived (a commune's, when its EPCI's is shown and every other
//! commune of that EPCI is too): secondary suppression across levels is not done.
use crate::db::impact_cells::Cell;

/// The fewest organisations a public cell may involve.
pub const MIN_ORGANISATIONS: i64 = 3;

/// The cells that may be shown, and how many were withheld.
#[derive(Debug, Clone, PartialEq)]
pub struct Disclosed {
    pub shown: Vec<Cell>,
    pub withheld: usize,
}

pub fn disclose(cells: Vec<Cell>) -> Disclosed {
    let total = cells.len();
    let shown: Vec<Cell> = cells
        .into_iter()
        .filter(|cell| cell.organisations >= MIN_ORGANISATIONS)
        .collect();
    Disclosed {
        withheld: total - shown.len(),
        shown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(organisations: i64) -> Cell {
        Cell {
            code: "62510".into(),
            month: "2026-11".into(),
            family_code: "construction.masonry".into(),
            exchanges: 4,
            tonnes: 10.0,
            net_kg: 100.0,
            tonne_km: 50.0,
            organisations,
        }
    }

    #[test]
    fn a_cell_of_fewer_than_three_organisations_is_withheld() {
        let disclosed = disclose(vec![cell(1), cell(2), cell(3), cell(7)]);
        assert_eq!(disclosed.withheld, 2);
        let shown: Vec<i64> = disclosed.shown.iter().map(|c| c.organisations).collect();
        assert_eq!(shown, vec![3, 7]);
    }
}
