//! Every query on `exchange_impacts`: one row per completed reservation, written once with
//! the snapshot of its figure, and the sums the impact reports are made of.
use chrono::NaiveDateTime;
use diesel::dsl::{count_star, sum};
use diesel::prelude::*;

use super::schema::exchange_impacts;
use super::DbConnection;
use crate::domain::{OrganisationId, ReservationId, Vehicle};

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = exchange_impacts)]
pub struct ExchangeImpact {
    pub reservation_id: ReservationId,
    pub giver_organisation_id: OrganisationId,
    pub receiver_organisation_id: OrganisationId,
    pub material_code: String,
    /// The class's family: its ancestor just below the root (`construction.masonry`).
    pub family_code: String,
    pub completed_at: NaiveDateTime,
    /// `YYYY-MM` of `completed_at`, what reports group by.
    pub month: String,
    /// None when the mass is not known (pieces or a volume of a class with no sourced
    /// factor, not weighed): the exchange still counts, with no tonnes and no figure.
    pub tonnes: Option<f64>,
    pub tonne_km: Option<f64>,
    pub vehicle: Vehicle,
    pub transport_kg: Option<f64>,
    pub avoided_kg: Option<f64>,
    pub net_kg: Option<f64>,
    pub method_version: i32,
    /// The `impact::Snapshot`, as JSON.
    pub snapshot: String,
    pub price_eur: Option<f64>,
    pub origin_commune: Option<String>,
    pub origin_epci: Option<String>,
    pub origin_department: Option<String>,
    pub origin_region: Option<String>,
    pub destination_commune: Option<String>,
    /// For soils and sediments that were waste: `impact::rndts::RegisterLine` as JSON.
    pub register: Option<String>,
}

/// Whose exchanges a report adds up.
#[derive(Debug, Clone)]
pub enum ReportScope {
    /// What the organisation gave (it held the listing).
    Given(OrganisationId),
    /// What the organisation received (it posted the wanted request).
    Received(OrganisationId),
}

/// One line of a report: the exchanges of a month and a class family.
#[derive(Debug, Clone, PartialEq, Queryable)]
pub struct ReportLine {
    pub month: String,
    pub family_code: String,
    pub exchanges: i64,
    pub tonnes: Option<f64>,
    /// Only the exchanges whose class has a published factor.
    pub net_kg: Option<f64>,
    pub tonne_km: Option<f64>,
}

/// An exchange recorded under an older method, as a report recomputes it.
#[derive(Debug, Clone, PartialEq, Queryable)]
pub struct OlderExchange {
    pub month: String,
    pub family_code: String,
    pub net_kg: Option<f64>,
    /// The `impact::Snapshot`, as JSON.
    pub snapshot: String,
}

impl ExchangeImpact {
    pub fn insert(&self, conn: &mut DbConnection) -> QueryResult<()> {
        diesel::insert_into(exchange_impacts::table)
            .values(self)
            .execute(conn)
            .map(drop)
    }

    pub fn find(
        conn: &mut DbConnection,
        reservation_id: &ReservationId,
    ) -> QueryResult<Option<ExchangeImpact>> {
        exchange_impacts::table
            .find(reservation_id)
            .first(conn)
            .optional()
    }

    /// The scope's exchanges completed in the months `from` through `until` (`YYYY-MM`), by month and
    /// class family, in that order.
    pub fn report(
        conn: &mut DbConnection,
        scope: &ReportScope,
        from: &str,
        until: &str,
    ) -> QueryResult<Vec<ReportLine>> {
        use exchange_impacts::dsl as t;
        let mut query = t::exchange_impacts
            .filter(t::month.ge(from.to_owned()))
            .filter(t::month.le(until.to_owned()))
            .group_by((t::month, t::family_code))
            .select((
                t::month,
                t::family_code,
                count_star(),
                sum(t::tonnes),
                sum(t::net_kg),
                sum(t::tonne_km),
            ))
            .order((t::month.asc(), t::family_code.asc()))
            .into_boxed();
        query = match scope {
            ReportScope::Given(id) => query.filter(t::giver_organisation_id.eq(id.clone())),
            ReportScope::Received(id) => query.filter(t::receiver_organisation_id.eq(id.clone())),
        };
        query.load(conn)
    }

    /// The month, family and snapshot of the scope's exchanges recorded under a method
    /// older than `current`: what a report recomputes to show the current method beside
    /// the recorded figures (none until the method changes).
    pub fn under_older_method(
        conn: &mut DbConnection,
        scope: &ReportScope,
        from: &str,
        until: &str,
        current: i32,
    ) -> QueryResult<Vec<OlderExchange>> {
        use exchange_impacts::dsl as t;
        let mut query = t::exchange_impacts
            .filter(t::month.ge(from.to_owned()))
            .filter(t::month.le(until.to_owned()))
            .filter(t::method_version.lt(current))
            .select((t::month, t::family_code, t::net_kg, t::snapshot))
            .into_boxed();
        query = match scope {
            ReportScope::Given(id) => query.filter(t::giver_organisation_id.eq(id.clone())),
            ReportScope::Received(id) => query.filter(t::receiver_organisation_id.eq(id.clone())),
        };
        query.load(conn)
    }

    /// What the organisation received in the months `from` through `until`: each
    /// exchange's class and the price agreed for what was collected.
    pub fn received_purchases(
        conn: &mut DbConnection,
        receiver: &OrganisationId,
        from: &str,
        until: &str,
    ) -> QueryResult<Vec<(String, Option<f64>)>> {
        use exchange_impacts::dsl as t;
        t::exchange_impacts
            .filter(t::receiver_organisation_id.eq(receiver.clone()))
            .filter(t::month.ge(from.to_owned()))
            .filter(t::month.le(until.to_owned()))
            .select((t::material_code, t::price_eur))
            .load(conn)
    }

    /// The register lines (JSON) of the soils and sediments the organisation received in
    /// the months `from` through `until`, by completion.
    pub fn received_register_lines(
        conn: &mut DbConnection,
        receiver: &OrganisationId,
        from: &str,
        until: &str,
    ) -> QueryResult<Vec<(ReservationId, Option<String>)>> {
        use exchange_impacts::dsl as t;
        t::exchange_impacts
            .filter(t::receiver_organisation_id.eq(receiver.clone()))
            .filter(t::month.ge(from.to_owned()))
            .filter(t::month.le(until.to_owned()))
            .filter(t::register.is_not_null())
            .order(t::completed_at.asc())
            .select((t::reservation_id, t::register))
            .load(conn)
    }
}
