//! What the national register of excavated soils and sediments (RNDTS) needs beyond a
//! post's and a completion's own fields: the listing's prior-acceptance reference, POP
//! flag and origin parcels; the completion's volume, treatment and transporter. Checked
//! as the national service checks them (`reference/rndts_texs_incoming.json` names its
//! rules), so that an exported line is accepted.
use serde::{Deserialize, Serialize};
use validator::{Validate, ValidationError};

use crate::domain::siret::validate_siret;
use crate::domain::validators::validate_insee;

/// On a listing of soils or sediments that are still waste.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Validate)]
#[serde(deny_unknown_fields)]
pub struct SoilDetails {
    /// The prior-acceptance document (DAP) or the analysis that stands for it.
    #[validate(
        length(min = 1, max = 50),
        custom(function = "crate::domain::validators::not_blank")
    )]
    pub acceptance_reference: Option<String>,
    /// Whether the material holds persistent organic pollutants.
    #[serde(default)]
    pub pop: bool,
    /// The cadastral parcels it comes from (else the listing's position stands for them).
    #[serde(default)]
    #[validate(length(max = 50), nested)]
    pub parcels: Vec<Parcel>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[serde(deny_unknown_fields)]
pub struct Parcel {
    #[validate(custom(function = "validate_insee"))]
    pub insee_code: String,
    /// Prefix, section and number, as the cadastre writes them: `000-AB-0123`.
    #[validate(custom(function = "validate_parcel_number"))]
    pub number: String,
}

fn validate_postal_code(code: &str) -> Result<(), ValidationError> {
    if (5..=6).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err(ValidationError::new("postal_code")
            .with_message("a French postal code has 5 digits".into()))
    }
}

fn validate_parcel_number(number: &str) -> Result<(), ValidationError> {
    let parts: Vec<&str> = number.split('-').collect();
    let valid = parts.len() == 3
        && (1..=3).contains(&parts[0].len())
        && parts[0].bytes().all(|b| b.is_ascii_digit())
        && (1..=2).contains(&parts[1].len())
        && parts[1]
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        && (1..=4).contains(&parts[2].len())
        && parts[2].bytes().all(|b| b.is_ascii_digit());
    if valid {
        Ok(())
    } else {
        Err(ValidationError::new("parcel_number")
            .with_message("a parcel is written prefix-section-number, as 000-AB-0123".into()))
    }
}

string_enum!(
    /// The treatment the receiver gave the material (R and D codes of the Waste
    /// Framework Directive, as the register takes them).
    OperationCode {
        R1 => "R 1", R2 => "R 2", R3 => "R 3", R4 => "R 4", R5 => "R 5", R6 => "R 6",
        R7 => "R 7", R8 => "R 8", R9 => "R 9", R10 => "R 10", R11 => "R 11",
        D1 => "D 1", D3 => "D 3", D4 => "D 4", D5 => "D 5", D8 => "D 8", D9F => "D 9 F",
        D10 => "D 10", D12 => "D 12",
    }
);

string_enum!(
    /// How the treatment counts.
    OperationMode {
        Reuse => "REUTILISATION",
        Recycling => "RECYCLAGE",
        Energy => "VALORISATION_ENERGETIQUE",
        OtherRecovery => "AUTRES_VALORISATIONS",
        Disposal => "ELIMINATION",
    }
);

impl OperationCode {
    /// The modes the register accepts with this code.
    pub fn modes(self) -> &'static [OperationMode] {
        use OperationCode::*;
        use OperationMode::*;
        match self {
            D1 | D3 | D4 | D5 | D8 | D9F | D10 | D12 => &[Disposal],
            R1 => &[Energy],
            R2 => &[Reuse, Recycling],
            R3 | R5 => &[Recycling, OtherRecovery],
            R4 | R10 => &[Recycling],
            R6 | R8 => &[Recycling, Reuse],
            R7 => &[Reuse],
            R9 => &[Reuse, Recycling, Energy],
            R11 => &[Recycling, OtherRecovery, Energy],
        }
    }
}

/// What the completion of an exchange of soils or sediments adds for the register.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Validate)]
#[serde(deny_unknown_fields)]
pub struct RegisterDetails {
    #[validate(range(exclusive_min = 0.0, max = 10_000.0))]
    pub volume_m3: Option<f64>,
    pub operation_code: Option<OperationCode>,
    pub operation_mode: Option<OperationMode>,
    /// None: the receiver collected it itself (direct supply).
    #[validate(nested)]
    pub transporter: Option<Transporter>,
}

/// A French road haulier.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Validate)]
#[serde(deny_unknown_fields)]
pub struct Transporter {
    #[validate(custom(function = "validate_siret"))]
    pub siret: String,
    #[validate(
        length(min = 1, max = 200),
        custom(function = "crate::domain::validators::not_blank")
    )]
    pub name: String,
    #[validate(
        length(min = 1, max = 250),
        custom(function = "crate::domain::validators::not_blank")
    )]
    pub address: String,
    #[validate(custom(function = "validate_postal_code"))]
    pub postal_code: String,
    #[validate(
        length(min = 1, max = 45),
        custom(function = "crate::domain::validators::not_blank")
    )]
    pub city: String,
    /// The haulier's receipt (récépissé) number, unless it is exempted.
    #[validate(
        length(min = 1, max = 50),
        custom(function = "crate::domain::validators::not_blank")
    )]
    pub receipt_number: Option<String>,
}

impl RegisterDetails {
    /// The rule across fields: a mode the code allows.
    pub fn mode_error(&self) -> Option<crate::domain::error::FieldError> {
        let (Some(code), Some(mode)) = (self.operation_code, self.operation_mode) else {
            return None;
        };
        (!code.modes().contains(&mode)).then(|| {
            let message = format!("{code} is recorded with a mode among {:?}", code.modes());
            crate::domain::error::FieldError::new(
                "register.operation_mode",
                "not_allowed",
                &message,
            )
        })
    }
}
