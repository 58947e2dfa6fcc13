//! Where the sandbox's ids, tokens and random choices come from. Without a seed: random UUIDs
//! from the operating system's generator, as before. With a `seed`, each kind comes from a stream
//! of its own seeded from it, so the same seed and the same calls give the same account, workflow
//! and credential ids, the same tokens and the same choices, run after run (golden files and
//! snapshots work), and a call of another kind (one more token fetch, a retried GET and its
//! request id) does not shift the ids. `reset` starts every stream again.

use std::sync::Mutex;

/// A kind of value, each with a stream of its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    /// Accounts, workflow executions, credentials, capability results, Web SDK keys, and the
    /// transaction tokens' own ids.
    Entity,
    /// OAuth2 access tokens.
    AccessToken,
    /// `X-Request-Id` of answers.
    RequestId,
    /// Fault rules' `rate` draws.
    Fault,
}

const STREAMS: [Stream; 4] = [
    Stream::Entity,
    Stream::AccessToken,
    Stream::RequestId,
    Stream::Fault,
];

/// The source of ids.
#[derive(Debug)]
pub struct Ids {
    seed: Option<u64>,
    streams: Mutex<Vec<fastrand::Rng>>,
}

impl Ids {
    /// Random ids, or reproducible ones from `seed`.
    pub fn new(seed: Option<u64>) -> Self {
        Self {
            seed,
            streams: Mutex::new(Self::streams(seed)),
        }
    }

    fn streams(seed: Option<u64>) -> Vec<fastrand::Rng> {
        STREAMS
            .iter()
            .enumerate()
            .map(|(i, _)| match seed {
                // Distinct, well-mixed seeds per stream.
                Some(s) => fastrand::Rng::with_seed(
                    s.wrapping_mul(0x9E37_79B9_7F4A_7C15)
                        .wrapping_add(i as u64 + 1)
                        .rotate_left(17),
                ),
                None => fastrand::Rng::new(),
            })
            .collect()
    }

    /// Starts every stream again (with a seed, the same values come again).
    pub fn reset(&self) {
        *self.streams.lock().unwrap_or_else(|e| e.into_inner()) = Self::streams(self.seed);
    }

    fn with<T>(&self, stream: Stream, f: impl FnOnce(&mut fastrand::Rng) -> T) -> T {
        let mut streams = self.streams.lock().unwrap_or_else(|e| e.into_inner());
        let index = STREAMS.iter().position(|s| *s == stream).unwrap_or(0);
        f(&mut streams[index])
    }

    /// A UUID (version 4): from the operating system without a seed, from the stream with one.
    pub fn uuid(&self, stream: Stream) -> uuid::Uuid {
        if self.seed.is_none() {
            return uuid::Uuid::new_v4();
        }
        let mut bytes = [0u8; 16];
        self.with(stream, |rng| rng.fill(&mut bytes));
        uuid::Builder::from_random_bytes(bytes).into_uuid()
    }

    /// A number in `[0, 1)`, for a random choice.
    pub fn f64(&self, stream: Stream) -> f64 {
        self.with(stream, |rng| rng.f64())
    }

    /// Where each seeded stream is (for a state dir or a state document, so that ids go on
    /// where they stopped); `None` without a seed (ids are random anyway).
    pub(crate) fn positions(&self) -> Option<Vec<u64>> {
        self.seed?;
        let streams = self.streams.lock().unwrap_or_else(|e| e.into_inner());
        Some(streams.iter().map(fastrand::Rng::get_seed).collect())
    }

    /// Puts the seeded streams where [`Ids::positions`] found them.
    pub(crate) fn restore(&self, positions: &[u64]) {
        if self.seed.is_none() || positions.len() != STREAMS.len() {
            return;
        }
        let mut streams = self.streams.lock().unwrap_or_else(|e| e.into_inner());
        for (rng, p) in streams.iter_mut().zip(positions) {
            rng.seed(*p);
        }
    }

    /// Key material: from the operating system without a seed (never guessable), derived from
    /// the seed with one (a seeded sandbox is for tests, and its tokens are reproducible).
    pub fn key(&self) -> [u8; 64] {
        let mut key = [0u8; 64];
        match self.seed {
            None => {
                for chunk in key.chunks_mut(16) {
                    chunk.copy_from_slice(uuid::Uuid::new_v4().as_bytes());
                }
            }
            Some(s) => fastrand::Rng::with_seed(s ^ 0x005E_ED0F_5161_u64).fill(&mut key),
        }
        key
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_seed_gives_the_same_ids_and_streams_do_not_shift_each_other() {
        let a = Ids::new(Some(42));
        let b = Ids::new(Some(42));
        let first = a.uuid(Stream::Entity);
        // Another kind of value drawn in between does not change the next entity id.
        b.uuid(Stream::RequestId);
        b.uuid(Stream::AccessToken);
        assert_eq!(b.uuid(Stream::Entity), first);
        assert_eq!(a.uuid(Stream::Entity), b.uuid(Stream::Entity));
        assert_eq!(first.get_version_num(), 4);
        assert_ne!(Ids::new(Some(43)).uuid(Stream::Entity), first);
        a.reset();
        assert_eq!(
            a.uuid(Stream::Entity),
            first,
            "reset starts the streams again"
        );
        assert_eq!(a.key(), b.key());
        // Without a seed: random.
        let r = Ids::new(None);
        assert_ne!(r.uuid(Stream::Entity), r.uuid(Stream::Entity));
        assert_ne!(r.key(), Ids::new(None).key());
    }
}
