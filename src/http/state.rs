//! What every handler and page may reach, registered once as `web::Data<AppState>`.
use std::sync::Arc;

use crate::auth::jwt::JwtKeys;
use crate::catalogue::Catalogue;
use crate::configuration::Settings;
use crate::db::Db;
use crate::limits::Limiters;
use crate::notify::Notifier;

/// What every handler may reach.
pub struct AppState {
    pub db: Db,
    pub settings: Arc<Settings>,
    pub jwt: Arc<JwtKeys>,
    pub notifier: Arc<Notifier>,
    pub catalogue: Arc<Catalogue>,
    pub limits: Arc<Limiters>,
    pub photos: crate::photos::PhotoStore,
    pub decoding: Arc<crate::photos::Decoding>,
}

impl AppState {
    pub fn new(
        db: Db,
        settings: Arc<Settings>,
        catalogue: Arc<Catalogue>,
        notifier: Arc<Notifier>,
    ) -> anyhow::Result<Self> {
        Ok(Self {
            catalogue,
            jwt: Arc::new(JwtKeys::from_settings(&settings)),
            limits: Arc::new(Limiters::new(&settings.rate_limit)?),
            photos: crate::photos::PhotoStore::from_settings(
                &settings.photos,
                &settings.data_folder(),
            )?,
            decoding: Arc::new(crate::photos::Decoding::from_settings(
                &settings.photos,
                &settings.data_folder(),
            )?),
            notifier,
            db,
            settings,
        })
    }

    /// What the exchange's rules need, read at the time of the call.
    pub fn context(&self) -> crate::exchange::Context<'_> {
        crate::exchange::Context {
            catalogue: &self.catalogue,
            notifier: &self.notifier,
            at: crate::db::now(),
        }
    }

    /// The exchange's operations over this state's database, catalogue and notifier.
    pub fn exchange(&self) -> crate::exchange::Handle {
        crate::exchange::Handle {
            db: self.db.clone(),
            catalogue: self.catalogue.clone(),
            notifier: self.notifier.clone(),
        }
    }

    /// The operations on posts, over the same.
    pub fn posts(&self) -> crate::posts::Posts {
        crate::posts::Posts::new(&self.db, &self.catalogue, &self.notifier)
    }

    /// Bulk import of inventories, over the same.
    pub fn imports(&self) -> crate::imports::operation::Imports {
        crate::imports::operation::Imports {
            db: self.db.clone(),
            catalogue: self.catalogue.clone(),
            notifier: self.notifier.clone(),
        }
    }
}
