//! How much two bodies' shingle sets (sorted, distinct) overlap: the
//! count, and the early-ending merge the copy rule decides with.

/// How many values the sorted sets `a` and `b` share.
pub(super) fn intersection(a: &[u32], b: &[u32]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// The fewest shared shingles `n` for which `n / len >= min` holds, in the
/// same floating point as `containment`, so both decide alike.
pub(super) fn needed(len: usize, min: f64) -> usize {
    let holds = |n: usize| n as f64 / len as f64 >= min;
    let mut n = ((min * len as f64).ceil() as usize).min(len + 1);
    while n > 0 && holds(n - 1) {
        n -= 1;
    }
    while n <= len && !holds(n) {
        n += 1;
    }
    n
}

/// Whether the sorted sets `s` and `l` share at least `need` values: the
/// merge of [`intersection`], ended as soon as the answer is known.
pub(super) fn shares_at_least(s: &[u32], l: &[u32], need: usize) -> bool {
    let misses_allowed = s.len().saturating_sub(need);
    let (mut i, mut j, mut shared, mut missed) = (0, 0, 0, 0);
    while i < s.len() && j < l.len() && shared < need {
        match s[i].cmp(&l[j]) {
            std::cmp::Ordering::Less => {
                missed += 1;
                if missed > misses_allowed {
                    return false;
                }
                i += 1;
            }
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    shared >= need
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::copies::MIN_CONTAINMENT;

    fn sorted_set() -> impl proptest::strategy::Strategy<Value = Vec<u32>> {
        proptest::collection::btree_set(0u32..64, 0..48).prop_map(|s| s.into_iter().collect())
    }

    proptest! {
        /// The early-ending merge decides as the whole one does, for every
        /// threshold count and for the containment thresholds.
        #[test]
        fn shares_at_least_is_the_whole_merge(s in sorted_set(), l in sorted_set()) {
            let shared = intersection(&s, &l);
            for need in 0..=s.len() + 1 {
                prop_assert_eq!(shares_at_least(&s, &l, need), shared >= need, "need {}", need);
            }
            if !s.is_empty() {
                for min in [0.0, 0.5, 0.8, MIN_CONTAINMENT, 0.95, 1.0] {
                    let whole = shared as f64 / s.len() as f64 >= min;
                    let n = needed(s.len(), min);
                    prop_assert_eq!(shares_at_least(&s, &l, n), whole, "min {}", min);
                }
            }
        }
    }

    #[test]
    fn a_miss_before_the_match_still_leaves_enough() {
        // The case proptest found with one miss too few allowed.
        assert!(shares_at_least(&[6, 7], &[7], 1));
        assert!(!shares_at_least(&[6, 7], &[7], 2));
    }
}
