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
        last_error -> Nullable<Text>,
        created_at -> Timestamp,
        sent_at -> Nullable<Timestamp>,
        list_unsubscribe -> Nullable<Text>,
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
        soil -> Nullable<Text>,
        site_id -> Nullable<Text>,
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
        site_id -> Nullable<Text>,
        for_listing_id -> Nullable<Text>,
    }
}

diesel::table! {
    matches (id) {
        id -> Text,
        listing_id -> Text,
        wanted_request_id -> Text,
        holder_organisation_id -> Text,
        taker_organisation_id -> Text,
        status -> Text,
        closed_reason -> Nullable<Text>,
        distance_km -> Double,
        score -> Double,
        score_distance -> Double,
        score_class -> Double,
        score_quantity -> Double,
        score_window -> Double,
        score_carbon -> Double,
        co2e_avoided_kg -> Nullable<Double>,
        holder_interest -> Text,
        taker_interest -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    reservations (id) {
        id -> Text,
        match_id -> Text,
        listing_id -> Text,
        wanted_request_id -> Text,
        quantity -> Double,
        unit -> Text,
        status -> Text,
        mass_t -> Nullable<Double>,
        co2e_avoided_kg -> Nullable<Double>,
        requested_by -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    match_events (id) {
        id -> Text,
        match_id -> Text,
        reservation_id -> Nullable<Text>,
        kind -> Text,
        actor_organisation_id -> Nullable<Text>,
        actor_user_id -> Nullable<Text>,
        note -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    jobs (id) {
        id -> Text,
        kind -> Text,
        subject_id -> Nullable<Text>,
        priority -> Integer,
        status -> Text,
        attempts -> Integer,
        due_at -> Timestamp,
        locked_until -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
        singleton -> Nullable<Text>,
        runs -> Integer,
        created_at -> Timestamp,
    }
}

diesel::table! {
    saved_searches (id) {
        id -> Text,
        user_id -> Text,
        organisation_id -> Text,
        name -> Text,
        material_code -> Nullable<Text>,
        include_subclasses -> Bool,
        latitude -> Double,
        longitude -> Double,
        radius_km -> Double,
        worst_condition -> Nullable<Text>,
        max_price_per_unit_eur -> Nullable<Double>,
        text -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    saved_search_hits (saved_search_id, listing_id) {
        saved_search_id -> Text,
        listing_id -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    notification_preferences (user_id, kind) {
        user_id -> Text,
        kind -> Text,
        mode -> Text,
    }
}

diesel::table! {
    notifications (id) {
        id -> Text,
        user_id -> Text,
        kind -> Text,
        event_key -> Text,
        mode -> Text,
        summary -> Text,
        url -> Text,
        digest_day -> Date,
        digested_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        send_after -> Nullable<Timestamp>,
        sent_in -> Nullable<Text>,
        details -> Nullable<Text>,
    }
}

diesel::table! {
    events (position) {
        position -> BigInt,
        transaction_id -> BigInt,
        kind -> Text,
        listing_id -> Nullable<Text>,
        wanted_request_id -> Nullable<Text>,
        match_id -> Nullable<Text>,
        reservation_id -> Nullable<Text>,
        holder_organisation_id -> Nullable<Text>,
        taker_organisation_id -> Nullable<Text>,
        actor_organisation_id -> Nullable<Text>,
        actor_user_id -> Nullable<Text>,
        occurred_at -> Timestamp,
        id -> Nullable<Text>,
    }
}

diesel::table! {
    feed_cursors (name) {
        name -> Text,
        transaction_id -> BigInt,
        position -> BigInt,
        updated_at -> Timestamp,
    }
}

diesel::joinable!(users -> organisations (organisation_id));
diesel::joinable!(listings -> organisations (organisation_id));
diesel::joinable!(wanted_requests -> organisations (organisation_id));
diesel::joinable!(api_keys -> organisations (organisation_id));
diesel::joinable!(refresh_tokens -> users (user_id));

diesel::table! {
    idempotency_keys (caller, key) {
        caller -> Text,
        key -> Text,
        request_hash -> Text,
        status -> Nullable<Integer>,
        content_type -> Nullable<Text>,
        location -> Nullable<Text>,
        body -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    webhook_endpoints (id) {
        id -> Text,
        organisation_id -> Text,
        url -> Text,
        description -> Text,
        event_types -> Text,
        secret -> Text,
        previous_secret -> Nullable<Text>,
        previous_secret_expires_at -> Nullable<Timestamp>,
        enabled -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        failing_since -> Nullable<Timestamp>,
        disabled_reason -> Nullable<Text>,
        disabled_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    webhook_deliveries (id) {
        id -> Text,
        endpoint_id -> Text,
        event_id -> Nullable<Text>,
        event_type -> Text,
        payload -> Text,
        status -> Text,
        attempts -> Integer,
        last_attempt_at -> Nullable<Timestamp>,
        next_attempt_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    webhook_attempts (id) {
        id -> Text,
        delivery_id -> Text,
        attempted_at -> Timestamp,
        status_code -> Nullable<Integer>,
        duration_ms -> Integer,
        error -> Nullable<Text>,
    }
}

diesel::table! {
    web_sessions (id) {
        id -> Text,
        user_id -> Text,
        token_hash -> Text,
        created_at -> Timestamp,
        last_seen_at -> Timestamp,
        expires_at -> Timestamp,
    }
}

diesel::joinable!(web_sessions -> users (user_id));

diesel::table! {
    match_messages (id) {
        id -> Text,
        match_id -> Text,
        organisation_id -> Text,
        user_id -> Nullable<Text>,
        body -> Text,
        created_at -> Timestamp,
    }
}

diesel::joinable!(match_messages -> matches (match_id));

diesel::table! {
    listing_photos (id) {
        id -> Text,
        listing_id -> Text,
        width -> Integer,
        height -> Integer,
        bytes -> Integer,
        created_at -> Timestamp,
    }
}

diesel::joinable!(listing_photos -> listings (listing_id));

diesel::table! {
    exchange_impacts (reservation_id) {
        reservation_id -> Text,
        giver_organisation_id -> Text,
        receiver_organisation_id -> Text,
        material_code -> Text,
        family_code -> Text,
        completed_at -> Timestamp,
        month -> Text,
        tonnes -> Nullable<Double>,
        tonne_km -> Nullable<Double>,
        vehicle -> Text,
        transport_kg -> Nullable<Double>,
        avoided_kg -> Nullable<Double>,
        net_kg -> Nullable<Double>,
        method_version -> Integer,
        snapshot -> Text,
        price_eur -> Nullable<Double>,
        origin_commune -> Nullable<Text>,
        origin_epci -> Nullable<Text>,
        origin_department -> Nullable<Text>,
        origin_region -> Nullable<Text>,
        destination_commune -> Nullable<Text>,
        register -> Nullable<Text>,
    }
}

diesel::table! {
    impact_cells (level, code, month, family_code) {
        level -> Text,
        code -> Text,
        month -> Text,
        family_code -> Text,
        exchanges -> BigInt,
        tonnes -> Double,
        net_kg -> Double,
        tonne_km -> Double,
        organisations -> BigInt,
    }
}

diesel::table! {
    impact_cell_organisations (level, code, month, family_code, organisation_id) {
        level -> Text,
        code -> Text,
        month -> Text,
        family_code -> Text,
        organisation_id -> Text,
    }
}

diesel::joinable!(exchange_impacts -> reservations (reservation_id));

diesel::table! {
    sites (id) {
        id -> Text,
        organisation_id -> Text,
        name -> Text,
        address -> Text,
        insee_code -> Text,
        latitude -> Double,
        longitude -> Double,
        access_notes -> Text,
        contact_phone -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        pickup_slots -> Text,
    }
}

diesel::joinable!(sites -> organisations (organisation_id));

// Dashboard slice: when each side of a match last read its thread.
diesel::table! {
    match_reads (match_id, organisation_id) {
        match_id -> Text,
        organisation_id -> Text,
        read_at -> Timestamp,
    }
}

// Reviews after collection (issue 26): each side of a completed reservation rates the other.
diesel::table! {
    reviews (id) {
        id -> Text,
        reservation_id -> Text,
        author_organisation_id -> Text,
        reviewed_organisation_id -> Text,
        author_user_id -> Nullable<Text>,
        rating -> Integer,
        comment -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::joinable!(reviews -> reservations (reservation_id));

diesel::allow_tables_to_appear_in_same_query!(
    impact_cells,
    impact_cell_organisations,
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
    matches,
    reservations,
    match_events,
    jobs,
    saved_searches,
    saved_search_hits,
    notification_preferences,
    notifications,
    events,
    feed_cursors,
    idempotency_keys,
    webhook_endpoints,
    webhook_deliveries,
    webhook_attempts,
    web_sessions,
    match_messages,
    listing_photos,
    exchange_impacts,
    sites,
    match_reads,
    reviews,
);
