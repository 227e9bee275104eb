//! The per-article fingerprint: MinHash over the body's shingle hashes, cut
//! into LSH bands, and only the band hashes kept (26 × u32 = 104 bytes).
//!
//! Why these numbers. The rule is containment C of the shorter set S in the
//! longer L, with |S| ≥ |L|/2; MinHash estimates Jaccard J = |S∩L|/|S∪L| =
//! C·r/(1 + r − C·r) with r = |S|/|L|. Its lowest value on the boundary
//! (C = 0.9, r = 0.5) is 0.45/1.05 = 0.43; in shingles r is a little under the
//! word ratio ((50−4)/(100−4) = 0.48 at the shortest bodies), which gives
//! J ≥ 0.41. A band of R rows matches with probability J^R, so a pair is a
//! candidate with 1 − (1 − J^R)^B. R = 2, B = 26: 0.9919 at J = 0.41, 0.995
//! at 0.43, 1 − 10⁻⁹ at 0.8 (a typical copy), while two bodies that share a
//! boilerplate paragraph (J ≈ 0.05) become candidates 6 % of the time and
//! are then rejected by the exact rule. R = 1 would need only 10 bands but
//! makes a bucket of every common phrase ("said in a statement on") an
//! article's minimum falls on; R = 3 needs 70 bands (too much memory).
//! SimHash was rejected: at J = 0.43 the expected Hamming distance of two
//! 64-bit SimHashes is ~18 bits, far beyond what permuted tables can search.
//! Crates: `gaoya` keeps the full signature per id in its index (128 × u64 ≈
//! 1 KB per article, the 512 MB the issue warns of) and
//! `probabilistic-collections` has MinHash but no banding index; this module
//! is ~100 lines and its hash is our own, so stored values never change with a
//! dependency's version.

use super::mix64;

/// LSH bands per fingerprint.
pub const BANDS: usize = 26;
/// MinHash rows per band.
pub const ROWS: usize = 2;
const FORMAT: u8 = 1;

/// Band hashes of one body. A short body (< 50 words, copies only when
/// identical) has a single band: a hash of its whole word sequence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint {
    bands: Vec<u32>,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum FingerprintError {
    #[error("copy fingerprint: unknown format {0}")]
    Format(u8),
    #[error("copy fingerprint: {0} bytes is not a whole fingerprint")]
    Length(usize),
}

impl Fingerprint {
    /// The fingerprint of a body of `words` words whose distinct 64-bit
    /// shingle hashes, sorted, are `shingles` (made by `BodyBuilder`).
    pub(super) fn of(words: usize, short: bool, shingles: &[u64]) -> Fingerprint {
        if short {
            // One value over the sorted shingle set plus the length: equal
            // for identical bodies, which is all a short body can match.
            let mut h = mix64(words as u64 ^ 0x5f0d_1d00);
            for &s in shingles {
                h = mix64(h ^ s);
            }
            return Fingerprint {
                bands: vec![(h >> 32) as u32],
            };
        }
        let bands = minima(shingles)
            .chunks(ROWS)
            .enumerate()
            .map(|(b, rows)| {
                let h = rows
                    .iter()
                    .fold(mix64(b as u64 + 1), |h, &m| mix64(h.rotate_left(23) ^ m));
                (h >> 32) as u32
            })
            .collect();
        Fingerprint { bands }
    }

    /// A fingerprint from its band hashes (as [`Fingerprint::bands`] gave them).
    pub fn from_bands(bands: Vec<u32>) -> Result<Fingerprint, FingerprintError> {
        if bands.len() != 1 && bands.len() != BANDS {
            return Err(FingerprintError::Length(1 + 4 * bands.len()));
        }
        Ok(Fingerprint { bands })
    }

    pub fn bands(&self) -> &[u32] {
        &self.bands
    }

    /// Format byte, then the band hashes little-endian (105 bytes, 5 short).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(1 + 4 * self.bands.len());
        out.push(FORMAT);
        for b in &self.bands {
            out.extend_from_slice(&b.to_le_bytes());
        }
        out
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<Fingerprint, FingerprintError> {
        Ok(Fingerprint {
            bands: Fingerprint::bands_of(bytes)?.collect(),
        })
    }

    /// The band hashes of stored bytes, read in place (for callers that
    /// load every committed fingerprint into one table).
    pub fn bands_of(bytes: &[u8]) -> Result<impl Iterator<Item = u32> + '_, FingerprintError> {
        let (&format, rest) = bytes.split_first().ok_or(FingerprintError::Length(0))?;
        if format != FORMAT {
            return Err(FingerprintError::Format(format));
        }
        if rest.len() != 4 && rest.len() != 4 * BANDS {
            return Err(FingerprintError::Length(bytes.len()));
        }
        Ok((rest.chunks_exact(4)).map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])))
    }
}

/// Each MinHash row's minimum over `shingles`: 52 `mix64` per shingle,
/// most of what a fingerprint costs. The loop vectorises across rows;
/// with AVX-512 (64-bit multiplies and minima in one instruction each) it
/// runs ~10× faster than the portable build (BENCHMARKS.md), with the
/// same values.
fn minima(shingles: &[u64]) -> [u64; BANDS * ROWS] {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx512f")
        && std::arch::is_x86_feature_detected!("avx512dq")
    {
        // SAFETY: the CPU has the features `minima_avx512` is compiled for.
        return unsafe { minima_avx512(shingles) };
    }
    minima_portable(shingles)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512dq")]
fn minima_avx512(shingles: &[u64]) -> [u64; BANDS * ROWS] {
    minima_portable(shingles)
}

#[inline(always)]
fn minima_portable(shingles: &[u64]) -> [u64; BANDS * ROWS] {
    let mut mins = [u64::MAX; BANDS * ROWS];
    for &s in shingles {
        for (m, seed) in mins.iter_mut().zip(SEEDS) {
            *m = (*m).min(mix64(s ^ seed));
        }
    }
    mins
}

/// One seed per MinHash row, fixed at compile time (stored values depend on it).
const SEEDS: [u64; BANDS * ROWS] = {
    let mut s = [0u64; BANDS * ROWS];
    let mut x: u64 = 0x243f_6a88_85a3_08d3;
    let mut i = 0;
    while i < s.len() {
        x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = x;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        s[i] = z ^ (z >> 31);
        i += 1;
    }
    s
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::copies::Print;

    #[test]
    fn bytes_round_trip_and_bad_bytes_are_typed() {
        let words: Vec<String> = (0..300).map(|i| format!("w{i}")).collect();
        let fp = Print::new(&words).fingerprint;
        assert_eq!(fp.bands().len(), BANDS);
        assert_eq!(Fingerprint::from_bytes(&fp.to_bytes()), Ok(fp.clone()));
        let short = Print::new(&words[..10]).fingerprint;
        assert_eq!(Fingerprint::from_bytes(&short.to_bytes()), Ok(short));
        assert_eq!(
            Fingerprint::from_bytes(&[]),
            Err(FingerprintError::Length(0))
        );
        assert_eq!(
            Fingerprint::from_bytes(&[9, 0]),
            Err(FingerprintError::Format(9))
        );
        assert_eq!(
            Fingerprint::from_bytes(&fp.to_bytes()[..50]),
            Err(FingerprintError::Length(50))
        );
    }

    #[test]
    fn near_copies_share_bands_and_strangers_do_not() {
        let a: Vec<String> = (0..400).map(|i| format!("w{i}")).collect();
        let mut b = a.clone();
        b[200] = "typo".into();
        let c: Vec<String> = (0..400).map(|i| format!("v{i}")).collect();
        let shared = |x: &Fingerprint, y: &Fingerprint| {
            x.bands()
                .iter()
                .zip(y.bands())
                .filter(|(p, q)| p == q)
                .count()
        };
        let (fa, fb, fc) = (
            Print::new(&a).fingerprint,
            Print::new(&b).fingerprint,
            Print::new(&c).fingerprint,
        );
        assert!(shared(&fa, &fb) >= BANDS / 2, "{}", shared(&fa, &fb));
        assert_eq!(shared(&fa, &fc), 0);
    }

    /// Stored fingerprints outlive the binary that wrote them: the bytes of
    /// one long and one short body are what format 1 has always given
    /// (hashed here, FNV-1a, to keep the test short).
    #[test]
    fn stored_bytes_do_not_change() {
        let words: Vec<String> = (0..120).map(|i| format!("w{}", i % 97)).collect();
        let fnv = |b: &[u8]| {
            (b.iter()).fold(0xcbf2_9ce4_8422_2325u64, |h, &x| {
                (h ^ u64::from(x)).wrapping_mul(0x0100_0000_01b3)
            })
        };
        let long = Print::new(&words).fingerprint;
        assert_eq!(fnv(&long.to_bytes()), 0x2279_ad5b_3607_f59b);
        assert_eq!(long.bands()[..3], [2958423730, 334064760, 707506823]);
        let short = Print::new(&words[..20]).fingerprint;
        assert_eq!(fnv(&short.to_bytes()), 0x595a_4fdb_2642_dc1e);
    }

    #[test]
    fn the_vectorised_minima_equal_the_portable_ones() {
        for n in [1u64, 7, 64, 451] {
            let shingles: Vec<u64> = (0..n).map(|i| mix64(i * 0x9e37 + n)).collect();
            assert_eq!(
                minima(&shingles),
                minima_portable(&shingles),
                "{n} shingles"
            );
        }
    }
}
