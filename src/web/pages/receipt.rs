//! GET /reservations/{id}/receipt: the collection receipt of a completed reservation, a
//! page to print (who handed over what to whom, how much, when, and the CO2e recorded at
//! completion in `exchange_impacts`), for either side of the match.
use actix_web::{web, HttpResponse};
use minijinja::{context, Value};

use crate::db::exchange_impacts::ExchangeImpact;
use crate::db::listings::Listing;
use crate::db::organisations::Organisation;
use crate::domain::{ReservationId, ReservationStatus};
use crate::exchange::reservations::visible_reservation;
use crate::gazetteer::gazetteer;
use crate::http::error::ApiError;
use crate::http::AppState;
use crate::http::EdgeDb;
use crate::views::exchange::ReservationView;
use crate::web::Visitor;

pub async fn show(
    state: web::Data<AppState>,
    visitor: Visitor,
    id: web::Path<ReservationId>,
) -> Result<HttpResponse, ApiError> {
    let caller = visitor.caller()?;
    let id = id.into_inner();
    let (reservation, listing, holder, taker, impact) = state
        .db
        .read(move |conn| {
            let (reservation, m) = visible_reservation(conn, &id, &caller.organisation_id)?;
            // Only a collection has a receipt.
            if reservation.status != ReservationStatus::Completed {
                return Err(ApiError::NotFound);
            }
            let listing = Listing::find(conn, &m.listing_id)?.ok_or(ApiError::NotFound)?;
            let holder = Organisation::find(conn, &m.holder_organisation_id)?;
            let taker = Organisation::find(conn, &m.taker_organisation_id)?;
            let impact = ExchangeImpact::find(conn, &reservation.id)?;
            Ok((reservation, listing, holder, taker, impact))
        })
        .await?;
    let commune = |code: Option<&str>| gazetteer().label_of(code);
    let material = state
        .catalogue
        .taxonomy
        .id_of(&listing.material_code)
        .map(|class| {
            state
                .catalogue
                .taxonomy
                .class(class)
                .name(visitor.lang)
                .to_owned()
        });
    let impact = impact.map(|i| {
        context! {
            completed_at => i.completed_at.and_utc().to_rfc3339(),
            tonnes => i.tonnes.map(|t| (t * 1000.0).round() / 1000.0),
            net_kg => i.net_kg.map(f64::round),
            transport_kg => i.transport_kg.map(f64::round),
            method_version => i.method_version,
            origin => commune(i.origin_commune.as_deref()),
            destination => commune(i.destination_commune.as_deref()),
        }
    });
    let party = |o: &Organisation| {
        context! { name => o.name.clone(), street => o.street.clone(),
        postal_code => o.postal_code.clone(), city => o.city.clone(), siret => o.siret.clone() }
    };
    let match_id = reservation.match_id.clone();
    visitor.ok(
        "receipt.html",
        context! {
            reservation => Value::from_serialize(ReservationView::from(reservation)),
            match_id,
            title => listing.title,
            material,
            address => listing.address,
            holder => party(&holder),
            taker => party(&taker),
            impact,
        },
    )
}
