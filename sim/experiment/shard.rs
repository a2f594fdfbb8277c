//! Splitting a run's seasons into shards for a cluster, and the fixed batches every table is
//! written in.
//!
//! Owns the arithmetic that makes shards joinable into exactly the bytes of one run: shard `k`
//! of `n` takes a contiguous range of season numbers, and every table is written in batches
//! whose boundaries are multiples of [`BATCH_SEASONS`] in season numbers — the same in one run,
//! in a shard and in a merge. Knows nothing of what is written.

use std::fmt;
use std::ops::Range;
use std::str::FromStr;

/// Seasons per batch (one Parquet row group) of every table.
pub const BATCH_SEASONS: u64 = 256;

/// Shard `index` of `count` (0-based: `0/4` … `3/4`, as Kubernetes' job completion index and a
/// Slurm array `--array=0-3` number them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub index: u64,
    pub count: u64,
}

impl Shard {
    pub const WHOLE: Shard = Shard { index: 0, count: 1 };

    /// The seasons of this shard among `seasons` in all.
    pub fn seasons(&self, seasons: u64) -> Range<u64> {
        let at = |k: u64| (u128::from(seasons) * u128::from(k) / u128::from(self.count)) as u64;
        at(self.index)..at(self.index + 1)
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl FromStr for Shard {
    type Err = String;

    fn from_str(s: &str) -> Result<Shard, String> {
        let bad = || format!("`{s}` is not a shard K/N with 0 <= K < N (e.g. 0/4)");
        let (k, n) = s.split_once('/').ok_or_else(bad)?;
        let (index, count): (u64, u64) = (
            k.trim().parse().map_err(|_| bad())?,
            n.trim().parse().map_err(|_| bad())?,
        );
        if count == 0 || index >= count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }
}

/// The batch a season belongs to.
pub fn batch_of(season: u64) -> u64 {
    season / BATCH_SEASONS
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_shard_reads_as_k_slash_n() {
        assert_eq!("2/5".parse::<Shard>(), Ok(Shard { index: 2, count: 5 }));
        assert!("5/5".parse::<Shard>().is_err());
        assert!("1/0".parse::<Shard>().is_err());
        assert!("x".parse::<Shard>().is_err());
        assert_eq!(Shard { index: 2, count: 5 }.to_string(), "2/5");
    }

    proptest! {
        /// The shards of a run cover its seasons once each, in order.
        #[test]
        fn shards_partition_the_seasons(seasons in 0u64..100_000, count in 1u64..64) {
            let mut next = 0;
            for index in 0..count {
                let r = Shard { index, count }.seasons(seasons);
                prop_assert_eq!(r.start, next);
                prop_assert!(r.end >= r.start);
                next = r.end;
            }
            prop_assert_eq!(next, seasons);
        }
    }
}
