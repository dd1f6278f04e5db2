//! Counter-based random numbers: Philox4x32-10 (Salmon et al., "Parallel
//! random numbers: as easy as 1, 2, 3", SC 2011).
//!
//! Why counter-based: a sweep is cut into shards that run in any order on
//! any machine. With one sequential stream, draw d would depend on how
//! many numbers earlier cells consumed, hence on the sharding. Here every
//! number is a pure function of `(seed, parameter name, draw, k)`:
//!
//! ```text
//! key     = (seed mod 2³², seed div 2³²)
//! counter = (draw, fnv1a64(name) mod 2³², fnv1a64(name) div 2³², k)
//! u32 × 4 = Philox4x32-10(counter, key)
//! ```
//!
//! `k` counts blocks of four 32-bit words inside one draw of one parameter
//! (rejection samplers may need several). Keying by the parameter's *name*
//! rather than its position means adding a parameter to a sweep leaves the
//! draws of the others unchanged. The draw does not depend on the table or
//! the scenario: draw d of every table and scenario uses the same
//! parameter values (common random numbers), so differences between
//! regimes at one draw are paired comparisons, not noise.

const M0: u32 = 0xD251_1F53;
const M1: u32 = 0xCD9E_8D57;
const W0: u32 = 0x9E37_79B9;
const W1: u32 = 0xBB67_AE85;

/// Philox4x32 with 10 rounds.
pub fn philox4x32_10(counter: [u32; 4], key: [u32; 2]) -> [u32; 4] {
    let mut c = counter;
    let mut k = key;
    for round in 0..10 {
        if round > 0 {
            k[0] = k[0].wrapping_add(W0);
            k[1] = k[1].wrapping_add(W1);
        }
        let p0 = u64::from(M0) * u64::from(c[0]);
        let p1 = u64::from(M1) * u64::from(c[2]);
        c = [
            ((p1 >> 32) as u32) ^ c[1] ^ k[0],
            p1 as u32,
            ((p0 >> 32) as u32) ^ c[3] ^ k[1],
            p0 as u32,
        ];
    }
    c
}

/// 64-bit FNV-1a of a name (stable across platforms and versions).
pub fn fnv1a64(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// The uniform numbers of one parameter in one draw, in (0, 1).
#[derive(Debug, Clone)]
pub struct Stream {
    key: [u32; 2],
    prefix: [u32; 3],
    block: u32,
    buffer: [u32; 4],
    used: usize,
}

impl Stream {
    /// The stream of parameter `name` in draw `draw` under `seed`.
    pub fn new(seed: u64, name: &str, draw: u32) -> Self {
        let h = fnv1a64(name);
        Self {
            key: [seed as u32, (seed >> 32) as u32],
            prefix: [draw, h as u32, (h >> 32) as u32],
            block: 0,
            buffer: [0; 4],
            used: 4,
        }
    }

    fn word(&mut self) -> u32 {
        if self.used == 4 {
            let [a, b, c] = self.prefix;
            self.buffer = philox4x32_10([a, b, c, self.block], self.key);
            self.block = self.block.wrapping_add(1);
            self.used = 0;
        }
        self.used += 1;
        self.buffer[self.used - 1]
    }

    /// A uniform number in the open interval (0, 1), 53 random bits.
    pub fn uniform(&mut self) -> f64 {
        let bits = ((u64::from(self.word()) << 32) | u64::from(self.word())) >> 11;
        (bits as f64 + 0.5) * (1.0 / (1u64 << 53) as f64)
    }

    /// A standard normal number (Box–Muller, cosine branch).
    pub fn normal(&mut self) -> f64 {
        let u1 = self.uniform();
        let u2 = self.uniform();
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }

    /// A Gamma(shape, 1) number (Marsaglia and Tsang 2000; for shape < 1
    /// the boost Gamma(shape + 1) · U^(1/shape)).
    pub fn gamma(&mut self, shape: f64) -> f64 {
        if shape < 1.0 {
            let g = self.gamma(shape + 1.0);
            return g * self.uniform().powf(1.0 / shape);
        }
        let d = shape - 1.0 / 3.0;
        let c = 1.0 / (9.0 * d).sqrt();
        loop {
            let x = self.normal();
            let v = 1.0 + c * x;
            if v <= 0.0 {
                continue;
            }
            let v = v * v * v;
            let u = self.uniform();
            if u.ln() < 0.5 * x * x + d - d * v + d * v.ln() {
                return d * v;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Known-answer tests of the Random123 distribution (kat_vectors).
    #[test]
    fn philox_known_answers() {
        assert_eq!(
            philox4x32_10([0; 4], [0; 2]),
            [0x6627_e8d5, 0xe169_c58d, 0xbc57_ac4c, 0x9b00_dbd8]
        );
        assert_eq!(
            philox4x32_10([u32::MAX; 4], [u32::MAX; 2]),
            [0x408f_276d, 0x41c8_3b0e, 0xa20b_c7c6, 0x6d54_51fd]
        );
        assert_eq!(
            philox4x32_10(
                [0x243f_6a88, 0x85a3_08d3, 0x1319_8a2e, 0x0370_7344],
                [0xa409_3822, 0x299f_31d0]
            ),
            [0xd16c_fe09, 0x94fd_cceb, 0x5001_e420, 0x2412_6ea1]
        );
    }

    #[test]
    fn fnv_known_answers() {
        assert_eq!(fnv1a64(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64("a"), 0xaf63_dc4c_8601_ec8c);
    }

    #[test]
    fn streams_are_functions_of_their_key_only() {
        let a: Vec<f64> = {
            let mut s = Stream::new(7, "elasticity", 12);
            (0..9).map(|_| s.uniform()).collect()
        };
        // Other streams drawn in between change nothing.
        let mut other = Stream::new(7, "elasticity", 11);
        let _ = other.uniform();
        let mut s = Stream::new(7, "elasticity", 12);
        let b: Vec<f64> = (0..9).map(|_| s.uniform()).collect();
        assert_eq!(a, b);
        assert_ne!(Stream::new(7, "elasticity", 13).uniform(), a[0]);
        assert_ne!(Stream::new(8, "elasticity", 12).uniform(), a[0]);
        assert_ne!(Stream::new(7, "elasticitY", 12).uniform(), a[0]);
        assert!(a.iter().all(|u| *u > 0.0 && *u < 1.0));
    }

    #[test]
    fn uniforms_look_uniform() {
        let n = 40_000;
        let u: Vec<f64> = (0..n).map(|d| Stream::new(1, "x", d).uniform()).collect();
        let mean = u.iter().sum::<f64>() / f64::from(n);
        let var = u.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / f64::from(n);
        // Standard error of the mean: sqrt(1/12/n) ≈ 0.0014.
        assert!((mean - 0.5).abs() < 0.006, "{mean}");
        assert!((var - 1.0 / 12.0).abs() < 0.003, "{var}");
        // Ten equal bins, chi-square with 9 degrees of freedom; 99.9% point 27.9.
        let mut bins = [0u32; 10];
        for v in &u {
            bins[(v * 10.0) as usize] += 1;
        }
        let e = f64::from(n) / 10.0;
        let chi2: f64 = bins.iter().map(|&b| (f64::from(b) - e).powi(2) / e).sum();
        assert!(chi2 < 27.9, "{chi2} {bins:?}");
    }
}
