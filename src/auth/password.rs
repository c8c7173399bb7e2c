//! Passwords hashed with argon2id at the crate's defaults (OWASP's parameters: 19 MiB,
//! 2 passes, 1 lane), stored as PHC strings that any argon2 library reads.
//!
//! The 19 MiB a hash works in come from a small pool and go back to it: hashing allocates
//! nothing, so a process's memory does not depend on how many people sign in. (Allocating
//! them each time, the allocator kept freed 19 MiB blocks long afterwards: steps of that
//! size in the soak test's memory curves.) At most as many hashes run at once as there
//! are cores ([`off_executor`]), so the pool holds that many buffers at most.
use std::sync::Mutex;

use argon2::password_hash::{Output, ParamsString, PasswordHash, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};

use crate::domain::error::DomainError;

static MEMORY: Mutex<Vec<Vec<Block>>> = Mutex::new(Vec::new());

/// How many hashes may run at once (one per core, at most four), and so how many buffers
/// the pool keeps: four hashes at once is over a hundred sign-ins a second, and a large
/// machine does not need to hold 19 MiB per core for them.
pub fn hashes_at_once() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get().min(4))
}

/// Fills the pool at start-up: the memory the hashes will take is taken once, before the
/// first request, so that a process's memory is flat from then on (a pool filled on
/// demand grows by 19 MiB the first time two sign-ins overlap, which a soak shows as a
/// step hours into a steady load).
pub fn reserve_hashing_memory() {
    fill(&mut MEMORY.lock().unwrap_or_else(|p| p.into_inner()));
}

fn fill(pool: &mut Vec<Vec<Block>>) {
    let blocks = Params::default().block_count();
    while pool.len() < hashes_at_once() {
        pool.push(vec![Block::default(); blocks]);
    }
}

/// Runs `f` over `blocks` blocks of memory from the pool (made once, when it has none).
fn with_memory<T>(blocks: usize, f: impl FnOnce(&mut [Block]) -> T) -> T {
    let pool = || MEMORY.lock().unwrap_or_else(|p| p.into_inner());
    let taken = pool().pop();
    let mut memory = match taken {
        Some(memory) if memory.len() >= blocks => memory,
        _ => vec![Block::default(); blocks],
    };
    let result = f(&mut memory[..blocks]);
    let mut pool = pool();
    if pool.len() < hashes_at_once() {
        pool.push(memory);
    }
    result
}

/// Runs a CPU-heavy step (password hashing) off the async executor threads, as many at
/// once as there are cores: each argon2 hash takes 19 MiB, so a flood of sign-ins waits
/// its turn instead of taking the process's memory with it.
pub async fn off_executor<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, DomainError> {
    static HASHING: std::sync::LazyLock<tokio::sync::Semaphore> =
        std::sync::LazyLock::new(|| tokio::sync::Semaphore::new(hashes_at_once()));
    let _turn = HASHING.acquire().await.map_err(DomainError::internal)?;
    actix_web::web::block(f)
        .await
        .map_err(DomainError::internal)
}

fn internal(e: impl std::fmt::Display) -> DomainError {
    DomainError::internal(anyhow::anyhow!("hashing a password: {e}"))
}

pub fn hash_password(password: &str) -> Result<String, DomainError> {
    let salt = SaltString::generate(&mut argon2::password_hash::rand_core::OsRng);
    let params = Params::default();
    let argon2 = Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone());
    let mut salt_bytes = [0u8; 64];
    let salt_bytes = salt
        .as_salt()
        .decode_b64(&mut salt_bytes)
        .map_err(internal)?;
    let mut out = [0u8; Params::DEFAULT_OUTPUT_LEN];
    with_memory(params.block_count(), |memory| {
        argon2.hash_password_into_with_memory(password.as_bytes(), salt_bytes, &mut out, memory)
    })
    .map_err(internal)?;
    let hash = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&params).map_err(internal)?,
        salt: Some(salt.as_salt()),
        hash: Some(Output::new(&out).map_err(internal)?),
    };
    Ok(hash.to_string())
}

pub fn verify_password(password: &str, stored_hash: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(stored_hash) else {
        return false;
    };
    let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else {
        return false;
    };
    let (Ok(algorithm), Ok(params)) = (
        Algorithm::try_from(parsed.algorithm),
        Params::try_from(&parsed),
    ) else {
        return false;
    };
    let version = parsed
        .version
        .map_or(Ok(Version::V0x13), Version::try_from)
        .unwrap_or(Version::V0x13);
    let mut salt_bytes = [0u8; 64];
    let Ok(salt_bytes) = salt.decode_b64(&mut salt_bytes) else {
        return false;
    };
    let argon2 = Argon2::new(algorithm, version, params.clone());
    let mut out = vec![0u8; expected.len()];
    let hashed = with_memory(params.block_count(), |memory| {
        argon2.hash_password_into_with_memory(password.as_bytes(), salt_bytes, &mut out, memory)
    });
    // `Output`'s equality takes the same time whatever differs.
    hashed.is_ok() && Output::new(&out).is_ok_and(|actual| actual == expected)
}

/// Verifies against a fixed hash so that a login for an unknown email takes as long as one
/// for a known email: timing does not reveal who is registered.
pub fn waste_equal_time(password: &str) {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let hash = DUMMY.get_or_init(|| hash_password("not-a-real-password").unwrap_or_default());
    let _ = verify_password(password, hash);
}

#[cfg(test)]
mod tests {
    use argon2::password_hash::{PasswordHasher, PasswordVerifier};

    use super::*;

    #[test]
    fn hashes_are_the_standard_ones_both_ways() {
        let ours = hash_password("correct horse battery staple").unwrap();
        assert!(
            ours.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{ours}"
        );
        let parsed = PasswordHash::new(&ours).unwrap();
        assert!(Argon2::default()
            .verify_password(b"correct horse battery staple", &parsed)
            .is_ok());
        let salt = SaltString::generate(&mut argon2::password_hash::rand_core::OsRng);
        let theirs = Argon2::default()
            .hash_password(b"another passphrase", &salt)
            .unwrap()
            .to_string();
        assert!(verify_password("another passphrase", &theirs));
        assert!(!verify_password("another passphrasE", &theirs));
        assert!(!verify_password(
            "correct horse battery staple",
            "not a hash"
        ));
    }

    #[test]
    fn the_pool_keeps_no_more_buffers_than_there_are_cores() {
        for _ in 0..3 {
            assert!(verify_password("two", &hash_password("two").unwrap()));
        }
        let pooled = MEMORY.lock().unwrap().len();
        assert!(pooled <= hashes_at_once(), "{pooled} buffers");
    }

    #[test]
    fn the_reserved_pool_holds_one_full_buffer_per_hash_at_once() {
        let mut pool = Vec::new();
        fill(&mut pool);
        fill(&mut pool);
        assert_eq!(pool.len(), hashes_at_once());
        assert!(hashes_at_once() <= 4);
        let blocks = Params::default().block_count();
        assert!(pool.iter().all(|buffer| buffer.len() == blocks));
        // A hash takes a buffer from the pool: with one reserved, it makes none.
        reserve_hashing_memory();
        assert!(verify_password("three", &hash_password("three").unwrap()));
        assert!(MEMORY.lock().unwrap().len() <= hashes_at_once());
    }
}
