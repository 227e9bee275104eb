//! The fullest form of a name the article uses, looked up in an index of
//! the article's names rather than by a scan of all of them: a 30 MB
//! transcript names the same few people a hundred thousand times, and a
//! scan per name made extraction quadratic (minutes per article).

use std::collections::HashMap;

use super::names::{Name, person};

/// Every name outside quotations, in order, grouped by form (the same
/// words, written the same way) and indexed by first and last word.
pub(crate) struct Names {
    pub list: Vec<Name>,
    /// Each form's members: indices into `list`, in order (so by position).
    forms: Vec<Vec<usize>>,
    by_last: HashMap<String, Vec<usize>>,
    by_first: HashMap<String, Vec<usize>>,
}

/// Case-folded as `same` compares: char by char, so a final sigma folds
/// as every other sigma does.
fn fold(w: &str) -> String {
    w.chars().flat_map(char::to_lowercase).collect()
}

fn same(a: &str, b: &str) -> bool {
    a.chars()
        .flat_map(char::to_lowercase)
        .eq(b.chars().flat_map(char::to_lowercase))
}

impl Names {
    pub fn new(list: Vec<Name>) -> Names {
        let mut form_of: HashMap<(&[String], bool), usize> = HashMap::new();
        let mut forms: Vec<Vec<usize>> = Vec::new();
        let mut by_last: HashMap<String, Vec<usize>> = HashMap::new();
        let mut by_first: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, name) in list.iter().enumerate() {
            let (Some(first), Some(last)) = (name.words.first(), name.words.last()) else {
                continue;
            };
            let key = (name.words.as_slice(), name.led_by_article);
            let next = forms.len();
            let f = *form_of.entry(key).or_insert(next);
            if f == next {
                forms.push(Vec::new());
                by_last.entry(fold(last)).or_default().push(f);
                by_first.entry(fold(first)).or_default().push(f);
            }
            forms[f].push(i);
        }
        Names {
            forms,
            by_last,
            by_first,
            list,
        }
    }

    fn form(&self, f: usize) -> &Name {
        &self.list[self.forms[f][0]]
    }

    /// The fullest form of `name` in the article: the longest name that
    /// ends with it (`Sharif` → `Shehbaz Sharif`) or starts with it
    /// (`Tomás` → `Tomás Hernández`); of equals, the last one written
    /// before `pos`, else the first one written.
    pub fn fullest(&self, name: &Name, pos: usize) -> Name {
        let (Some(first), Some(last)) = (name.words.first(), name.words.last()) else {
            return name.clone();
        };
        let n = name.words.len();
        let ends = |cand: &Name| {
            let m = cand.words.len();
            m > n
                && cand.words[m - n..]
                    .iter()
                    .zip(&name.words)
                    .all(|(a, b)| same(a, b))
        };
        let forms_by = |index: &HashMap<String, Vec<usize>>, word: &str| {
            index.get(&fold(word)).cloned().unwrap_or_default()
        };
        let mut found: Vec<usize> = forms_by(&self.by_last, last)
            .into_iter()
            .filter(|&f| ends(self.form(f)))
            .collect();
        // A first name alone (`Tomás said`), never an acronym (`FA`), and
        // only when no name ends with it.
        let acronym = first
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase);
        if found.is_empty() && n == 1 && !acronym {
            found = forms_by(&self.by_first, first)
                .into_iter()
                .filter(|&f| {
                    let cand = self.form(f);
                    cand.words.len() > 1 && same(&cand.words[0], first) && person(cand)
                })
                .collect();
        }
        let Some(longest) = found.iter().map(|&f| self.form(f).words.len()).max() else {
            return name.clone();
        };
        let longest: Vec<&Vec<usize>> = found
            .iter()
            .filter(|&&f| self.form(f).words.len() == longest)
            .map(|&f| &self.forms[f])
            .collect();
        let before = longest
            .iter()
            .filter_map(|members| {
                let k = members.partition_point(|&i| self.list[i].pos < pos);
                k.checked_sub(1).map(|k| members[k])
            })
            .max_by_key(|&i| self.list[i].pos);
        let first_written = longest.iter().map(|members| members[0]).min();
        match before.or(first_written) {
            Some(chosen) => self.list[chosen].clone(),
            None => name.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The scan the index replaced, kept as the reference: the index must
    /// choose exactly what it chose.
    fn scan(name: &Name, names: &[Name], pos: usize) -> Name {
        let n = name.words.len();
        let ends = |cand: &Name| {
            let m = cand.words.len();
            m > n
                && cand.words[m - n..]
                    .iter()
                    .zip(&name.words)
                    .all(|(a, b)| same(a, b))
        };
        let acronym = name.words[0]
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase);
        let by_start = n == 1 && !acronym && !names.iter().any(ends);
        let starts = |cand: &Name| {
            by_start && cand.words.len() > 1 && same(&cand.words[0], &name.words[0]) && person(cand)
        };
        let mut best: Option<&Name> = None;
        for cand in names {
            let m = cand.words.len();
            if !(ends(cand) || starts(cand)) {
                continue;
            }
            best = match best {
                None => Some(cand),
                Some(b) if m > b.words.len() => Some(cand),
                Some(b) if m == b.words.len() && cand.pos < pos && cand.pos > b.pos => Some(cand),
                keep => keep,
            };
        }
        best.cloned().unwrap_or_else(|| name.clone())
    }

    fn name(words: &str, pos: usize, titles: &str) -> Name {
        Name {
            words: words.split(' ').map(String::from).collect(),
            pos,
            titles: titles.to_string(),
            led_by_article: false,
        }
    }

    #[test]
    fn the_index_chooses_what_a_scan_of_every_name_chooses() {
        let written = [
            "Sharif",
            "Shehbaz Sharif",
            "Tomás",
            "Tomás Hernández",
            "SHARIF",
            "Nawaz Sharif",
            "Tomás Hernández Ruiz",
            "FA",
            "Sharif",
            "Maria",
            "Maria Lopez",
            "Lopez",
            "Shehbaz Sharif",
            "Tomás",
        ];
        let list: Vec<Name> = written
            .iter()
            .enumerate()
            .map(|(i, w)| name(w, i * 10, if i % 3 == 0 { "minister" } else { "" }))
            .collect();
        let names = Names::new(list.clone());
        let mut checked = 0;
        for probe in &list {
            for pos in [0, 5, 15, 35, 55, 75, 95, 125, 200] {
                assert_eq!(
                    names.fullest(probe, pos),
                    scan(probe, &list, pos),
                    "{} at {pos}",
                    probe.text()
                );
                checked += 1;
            }
        }
        assert_eq!(checked, written.len() * 9);
        // Not all trivially the name itself: completion happened.
        assert_eq!(names.fullest(&list[0], 200).text(), "Shehbaz Sharif");
        assert_eq!(names.fullest(&list[0], 55).text(), "Nawaz Sharif");
    }
}
