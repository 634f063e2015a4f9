//! A small length-prefixed binary encoding for cache entries. Entries are
//! verified by checksum before they are decoded, so the reader only has to
//! refuse (never panic on) bytes it cannot make sense of.

/// Appends values to a byte buffer.
#[derive(Default)]
pub struct Writer {
    /// The bytes written so far.
    pub bytes: Vec<u8>,
}

impl Writer {
    /// One byte.
    pub fn u8(&mut self, v: u8) {
        self.bytes.push(v);
    }

    /// A boolean, as one byte.
    pub fn bool(&mut self, v: bool) {
        self.u8(u8::from(v));
    }

    /// A little-endian `u64`.
    pub fn u64(&mut self, v: u64) {
        self.bytes.extend_from_slice(&v.to_le_bytes());
    }

    /// A count or a length, as a `u64`.
    pub fn count(&mut self, v: usize) {
        self.u64(v as u64);
    }

    /// Length-prefixed bytes.
    pub fn bytes(&mut self, v: &[u8]) {
        self.count(v.len());
        self.bytes.extend_from_slice(v);
    }

    /// A length-prefixed UTF-8 string.
    pub fn str(&mut self, v: &str) {
        self.bytes(v.as_bytes());
    }

    /// An optional string.
    pub fn opt_str(&mut self, v: Option<&str>) {
        self.bool(v.is_some());
        if let Some(v) = v {
            self.str(v);
        }
    }
}

/// The encoded bytes end early or hold a value that cannot be.
#[derive(Debug, PartialEq, Eq)]
pub struct Malformed;

/// Reads what a [`Writer`] wrote, in the same order.
pub struct Reader<'a> {
    rest: &'a [u8],
}

impl<'a> Reader<'a> {
    /// Reads from `bytes`.
    pub fn new(bytes: &'a [u8]) -> Self {
        Reader { rest: bytes }
    }

    /// Whether every byte was read.
    pub fn is_done(&self) -> bool {
        self.rest.is_empty()
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], Malformed> {
        if n > self.rest.len() {
            return Err(Malformed);
        }
        let (head, tail) = self.rest.split_at(n);
        self.rest = tail;
        Ok(head)
    }

    /// One byte.
    pub fn u8(&mut self) -> Result<u8, Malformed> {
        Ok(self.take(1)?[0])
    }

    /// A boolean.
    pub fn bool(&mut self) -> Result<bool, Malformed> {
        match self.u8()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(Malformed),
        }
    }

    /// A little-endian `u64`.
    pub fn u64(&mut self) -> Result<u64, Malformed> {
        let bytes = self.take(8)?;
        Ok(u64::from_le_bytes(bytes.try_into().map_err(|_| Malformed)?))
    }

    /// A `u32` written as a `u64`.
    pub fn u32(&mut self) -> Result<u32, Malformed> {
        u32::try_from(self.u64()?).map_err(|_| Malformed)
    }

    /// A count or a length; never more than the bytes left, so a corrupt
    /// one cannot make the caller allocate or loop without bound.
    pub fn count(&mut self) -> Result<usize, Malformed> {
        let n = usize::try_from(self.u64()?).map_err(|_| Malformed)?;
        if n > self.rest.len() {
            return Err(Malformed);
        }
        Ok(n)
    }

    /// Length-prefixed bytes.
    pub fn bytes(&mut self) -> Result<&'a [u8], Malformed> {
        let n = self.count()?;
        self.take(n)
    }

    /// A length-prefixed UTF-8 string.
    pub fn str(&mut self) -> Result<String, Malformed> {
        std::str::from_utf8(self.bytes()?)
            .map(str::to_string)
            .map_err(|_| Malformed)
    }

    /// An optional string.
    pub fn opt_str(&mut self) -> Result<Option<String>, Malformed> {
        Ok(if self.bool()? {
            Some(self.str()?)
        } else {
            None
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_round_trip_in_order() {
        let mut w = Writer::default();
        w.u8(7);
        w.bool(true);
        w.u64(u64::MAX);
        w.str("é\n");
        w.opt_str(None);
        w.opt_str(Some(""));
        let mut r = Reader::new(&w.bytes);
        assert_eq!(r.u8(), Ok(7));
        assert_eq!(r.bool(), Ok(true));
        assert_eq!(r.u64(), Ok(u64::MAX));
        assert_eq!(r.str().as_deref(), Ok("é\n"));
        assert_eq!(r.opt_str(), Ok(None));
        assert_eq!(r.opt_str(), Ok(Some(String::new())));
        assert!(r.is_done());
    }

    #[test]
    fn truncated_or_impossible_input_is_refused() {
        let mut w = Writer::default();
        w.str("hello");
        for cut in 0..w.bytes.len() {
            assert_eq!(Reader::new(&w.bytes[..cut]).str(), Err(Malformed));
        }
        // A length far beyond the input is refused before any allocation.
        let mut w = Writer::default();
        w.u64(u64::MAX);
        assert_eq!(Reader::new(&w.bytes).bytes(), Err(Malformed));
        assert_eq!(Reader::new(&[2]).bool(), Err(Malformed));
        assert_eq!(Reader::new(&[0xff, 0xfe]).u8(), Ok(0xff));
    }
}
