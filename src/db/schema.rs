//! Table definitions, written to match `migrations/{sqlite,postgres}`.
//! Both engines share one schema; the migration trees change together.

diesel::table! {
    organisations (id) {
        id -> Text,
        name -> Text,
        kind -> Text,
        siret -> Nullable<Text>,
        street -> Text,
        postal_code -> Text,
        city -> Text,
        country -> Text,
        language -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    users (id) {
        id -> Text,
        organisation_id -> Text,
        email -> Text,
        name -> Text,
        password_hash -> Text,
        role -> Text,
        language -> Text,
        email_verified_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    one_time_tokens (id) {
        id -> Text,
        purpose -> Text,
        token_hash -> Text,
        user_id -> Nullable<Text>,
        organisation_id -> Nullable<Text>,
        email -> Nullable<Text>,
        role -> Nullable<Text>,
        invited_by -> Nullable<Text>,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    refresh_tokens (id) {
        id -> Text,
        user_id -> Text,
        family_id -> Text,
        token_hash -> Text,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    api_keys (id) {
        id -> Text,
        organisation_id -> Text,
        created_by -> Nullable<Text>,
        name -> Text,
        prefix -> Text,
        key_hash -> Text,
        scopes -> Text,
        last_used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    outbox_emails (id) {
        id -> Text,
        recipient -> Text,
        subject -> Text,
        text_body -> Text,
        html_body -> Text,
        message_id -> Text,
        status -> Text,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        locked_until -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
        created_at -> Timestamp,
        sent_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    waste_codes (code) {
        code -> Text,
        hazardous -> Bool,
        label_en -> Text,
        label_fr -> Text,
    }
}

diesel::table! {
    material_classes (code) {
        code -> Text,
        parent_code -> Nullable<Text>,
        name_fr -> Text,
        name_en -> Text,
        default_unit -> Text,
        units -> Text,
        density_t_per_m3 -> Nullable<Double>,
        mass_per_piece_t -> Nullable<Double>,
        waste_codes -> Text,
        embodied_kgco2e_per_t -> Nullable<Double>,
        carbon_source -> Nullable<Text>,
    }
}

diesel::table! {
    listings (id) {
        id -> Text,
        organisation_id -> Text,
        created_by -> Nullable<Text>,
        title -> Text,
        description -> Text,
        material_code -> Text,
        quantity -> Double,
        unit -> Text,
        mass_t -> Nullable<Double>,
        quantity_available -> Double,
        min_lot -> Double,
        condition -> Text,
        latitude -> Double,
        longitude -> Double,
        address -> Text,
        insee_code -> Nullable<Text>,
        available_from -> Date,
        available_until -> Nullable<Date>,
        price_per_unit_eur -> Double,
        is_waste -> Bool,
        waste_code -> Nullable<Text>,
        hazardous -> Bool,
        pickup -> Bool,
        delivery -> Bool,
        delivery_radius_km -> Nullable<Double>,
        external_ref -> Nullable<Text>,
        status -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    wanted_requests (id) {
        id -> Text,
        organisation_id -> Text,
        created_by -> Nullable<Text>,
        title -> Text,
        description -> Text,
        material_code -> Text,
        quantity -> Double,
        unit -> Text,
        mass_t -> Nullable<Double>,
        latitude -> Double,
        longitude -> Double,
        address -> Text,
        insee_code -> Nullable<Text>,
        max_distance_km -> Double,
        needed_from -> Date,
        needed_until -> Nullable<Date>,
        worst_condition -> Text,
        max_price_per_unit_eur -> Nullable<Double>,
        accepts_waste -> Bool,
        accepts_hazardous -> Bool,
        external_ref -> Nullable<Text>,
        status -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::joinable!(users -> organisations (organisation_id));
diesel::joinable!(listings -> organisations (organisation_id));
diesel::joinable!(wanted_requests -> organisations (organisation_id));
diesel::joinable!(api_keys -> organisations (organisation_id));
diesel::joinable!(refresh_tokens -> users (user_id));

diesel::allow_tables_to_appear_in_same_query!(
    organisations,
    users,
    one_time_tokens,
    refresh_tokens,
    api_keys,
    outbox_emails,
    waste_codes,
    material_classes,
    listings,
    wanted_requests,
);
