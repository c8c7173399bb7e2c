//! Every query on `impact_cells` and `impact_cell_organisations`: the sums of completed
//! exchanges per territory, month and class family, kept as exchanges complete, and the
//! organisations each cell involves. Territory reports and the open-data export read
//! them; a region's report is a few hundred rows whatever its number of exchanges.
use diesel::prelude::*;

use super::exchange_impacts::{ExchangeImpact, ReportLine};
use super::schema::{impact_cell_organisations, impact_cells};
use super::DbConnection;
use crate::domain::TerritoryLevel;

/// One cell: a territory's exchanges of one month and class family.
#[derive(Debug, Clone, PartialEq, Queryable)]
pub struct Cell {
    pub code: String,
    pub month: String,
    pub family_code: String,
    pub exchanges: i64,
    pub tonnes: f64,
    /// Only the exchanges whose class has a published factor.
    pub net_kg: f64,
    pub tonne_km: f64,
    /// Distinct organisations, givers and receivers together.
    pub organisations: i64,
}

impl Cell {
    pub fn line(&self) -> ReportLine {
        ReportLine {
            month: self.month.clone(),
            family_code: self.family_code.clone(),
            exchanges: self.exchanges,
            tonnes: Some(self.tonnes),
            net_kg: Some(self.net_kg),
            tonne_km: Some(self.tonne_km),
        }
    }
}

/// The territories an exchange counts in: where its material left, at each level known.
fn territories(impact: &ExchangeImpact) -> Vec<(TerritoryLevel, &str)> {
    [
        (TerritoryLevel::Commune, &impact.origin_commune),
        (TerritoryLevel::Epci, &impact.origin_epci),
        (TerritoryLevel::Department, &impact.origin_department),
        (TerritoryLevel::Region, &impact.origin_region),
    ]
    .into_iter()
    .filter_map(|(level, code)| code.as_deref().map(|code| (level, code)))
    .collect()
}

/// Adds a completed exchange to its cells, in the transaction that records it. An upsert:
/// two exchanges completing at once in one cell both count.
pub fn add(conn: &mut DbConnection, impact: &ExchangeImpact) -> QueryResult<()> {
    use impact_cell_organisations::dsl as o;
    use impact_cells::dsl as c;
    // Sums of what is known: an exchange without a mass adds to the count only.
    let net_kg = impact.net_kg.unwrap_or(0.0);
    let tonnes = impact.tonnes.unwrap_or(0.0);
    let tonne_km = impact.tonne_km.unwrap_or(0.0);
    for (level, code) in territories(impact) {
        let cell = (
            c::level.eq(level),
            c::code.eq(code),
            c::month.eq(&impact.month),
            c::family_code.eq(&impact.family_code),
        );
        let query = diesel::insert_into(c::impact_cells)
            .values((
                cell,
                c::exchanges.eq(1_i64),
                c::tonnes.eq(tonnes),
                c::net_kg.eq(net_kg),
                c::tonne_km.eq(tonne_km),
            ))
            .on_conflict((c::level, c::code, c::month, c::family_code))
            .do_update()
            .set((
                c::exchanges.eq(c::exchanges + 1_i64),
                c::tonnes.eq(c::tonnes + tonnes),
                c::net_kg.eq(c::net_kg + net_kg),
                c::tonne_km.eq(c::tonne_km + tonne_km),
            ));
        super::execute_native(conn, query)?;
        for organisation in [
            &impact.giver_organisation_id,
            &impact.receiver_organisation_id,
        ] {
            let query = diesel::insert_into(o::impact_cell_organisations)
                .values((
                    o::level.eq(level),
                    o::code.eq(code),
                    o::month.eq(&impact.month),
                    o::family_code.eq(&impact.family_code),
                    o::organisation_id.eq(organisation.as_str()),
                ))
                .on_conflict_do_nothing();
            if super::execute_native(conn, query)? == 1 {
                // New to the cell (the row's insertion is what decides, so two exchanges
                // completing at once count an organisation once).
                diesel::update(c::impact_cells.find((
                    level,
                    code,
                    &impact.month,
                    &impact.family_code,
                )))
                .set(c::organisations.eq(c::organisations + 1_i64))
                .execute(conn)?;
            }
        }
    }
    Ok(())
}

/// A territory's cells in the months `from` through `until`, by month and family. `code`
/// None: every territory of the level (the open-data export), by month, code and family,
/// only those of `min_organisations` or more (the others are never shown).
pub fn cells(
    conn: &mut DbConnection,
    level: TerritoryLevel,
    code: Option<&str>,
    from: &str,
    until: &str,
    min_organisations: i64,
) -> QueryResult<Vec<Cell>> {
    use impact_cells::dsl as c;
    let mut query = c::impact_cells
        .filter(c::level.eq(level))
        .filter(c::month.ge(from.to_owned()))
        .filter(c::month.le(until.to_owned()))
        .filter(c::organisations.ge(min_organisations))
        .select((
            c::code,
            c::month,
            c::family_code,
            c::exchanges,
            c::tonnes,
            c::net_kg,
            c::tonne_km,
            c::organisations,
        ))
        .order((c::month.asc(), c::code.asc(), c::family_code.asc()))
        .into_boxed();
    if let Some(code) = code {
        query = query.filter(c::code.eq(code.to_owned()));
    }
    query.load(conn)
}
