//! A map that remembers which keys changed, so that a state dir writes only what a request
//! changed. Reads go through `Deref`; every change goes through a method that records its key, so
//! no code path can change an entry without the state dir hearing of it.

use std::collections::{BTreeSet, HashMap};

/// A `HashMap<String, V>` whose changes are recorded.
#[derive(Debug)]
pub(crate) struct Tracked<V> {
    map: HashMap<String, V>,
    dirty: BTreeSet<String>,
}

impl<V> Default for Tracked<V> {
    fn default() -> Self {
        Self {
            map: HashMap::new(),
            dirty: BTreeSet::new(),
        }
    }
}

impl<V> std::ops::Deref for Tracked<V> {
    type Target = HashMap<String, V>;
    fn deref(&self) -> &Self::Target {
        &self.map
    }
}

impl<V> FromIterator<(String, V)> for Tracked<V> {
    /// A map loaded as it is stored: nothing to write.
    fn from_iter<I: IntoIterator<Item = (String, V)>>(iter: I) -> Self {
        Self {
            map: iter.into_iter().collect(),
            dirty: BTreeSet::new(),
        }
    }
}

impl<V> Tracked<V> {
    pub(crate) fn get_mut(&mut self, key: &str) -> Option<&mut V> {
        let v = self.map.get_mut(key)?;
        if !self.dirty.contains(key) {
            self.dirty.insert(key.to_string());
        }
        Some(v)
    }

    pub(crate) fn insert(&mut self, key: String, value: V) -> Option<V> {
        self.dirty.insert(key.clone());
        self.map.insert(key, value)
    }

    pub(crate) fn remove(&mut self, key: &str) -> Option<V> {
        let v = self.map.remove(key)?;
        self.dirty.insert(key.to_string());
        Some(v)
    }

    pub(crate) fn retain(&mut self, mut keep: impl FnMut(&String, &mut V) -> bool) {
        let dirty = &mut self.dirty;
        self.map.retain(|k, v| {
            let kept = keep(k, v);
            if !kept {
                dirty.insert(k.clone());
            }
            kept
        });
    }

    /// The entry of `key`, inserted by `make` when missing.
    pub(crate) fn get_or_insert_with(&mut self, key: &str, make: impl FnOnce() -> V) -> &mut V {
        if !self.dirty.contains(key) {
            self.dirty.insert(key.to_string());
        }
        self.map.entry(key.to_string()).or_insert_with(make)
    }

    /// The keys changed since the last call (present: written; absent: deleted).
    pub(crate) fn take_dirty(&mut self) -> BTreeSet<String> {
        std::mem::take(&mut self.dirty)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_change_is_recorded_and_reads_are_not() {
        let mut m: Tracked<u32> = [("a".to_string(), 1), ("b".to_string(), 2)]
            .into_iter()
            .collect();
        assert!(m.take_dirty().is_empty());
        assert_eq!(m.get("a"), Some(&1));
        assert!(m.take_dirty().is_empty());
        *m.get_mut("a").unwrap() = 3;
        m.insert("c".into(), 4);
        m.remove("b");
        m.retain(|k, _| k != "c");
        *m.get_or_insert_with("d", || 5) += 1;
        assert_eq!(
            m.take_dirty().into_iter().collect::<Vec<_>>(),
            ["a", "b", "c", "d"]
        );
        assert_eq!(m.get("d"), Some(&6));
        assert!(m.take_dirty().is_empty());
    }
}
