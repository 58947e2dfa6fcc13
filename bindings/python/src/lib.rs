//! `jumio_kyx._native`: the Rust core seen from Python. It converts values and forwards: every
//! operation goes through `jumio_kyx_bridge`, every sandbox control through
//! `Sandbox::control`, so the Python package behaves exactly like the Rust client. The typed
//! Python API (`jumio_kyx.Client`, `AsyncClient`, `Sandbox`) lives in `python/jumio_kyx/`.
//!
//! Beside this file: `asyncio.rs` (Rust futures as asyncio futures, cancellable),
//! `interpreter.rs` (attaching from the runtime's threads without racing the interpreter's exit),
//! `callbacks.rs` (parser, sender check, dedupe), `file_reader.rs` (file objects streamed into
//! uploads), `logging.rs` (the core's records in Python's `logging`).

mod asyncio;
mod callbacks;
mod file_reader;
mod interpreter;
mod logging;

use jumio_kyx::{Client, ImageSource};
use jumio_kyx_bridge::{self as bridge, Collected, Files};
use jumio_kyx_sandbox::{EmbeddedSandbox, EmbeddedStartError};
use pyo3::exceptions::{PyRuntimeError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use serde_json::{Map, Value};

/// Results and arguments cross threads (the event loop's and the runtime's): glibc's allocator
/// serialises such frees on the owning arena's lock; mimalloc frees them without one.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

// ------------------------------------------------------------------------------ JSON <-> Python

fn to_py(py: Python<'_>, v: &Value) -> PyResult<Py<PyAny>> {
    Ok(match v {
        Value::Null => py.None(),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any().unbind(),
        Value::Number(n) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => i.into_pyobject(py)?.into_any().unbind(),
            (None, Some(u)) => u.into_pyobject(py)?.into_any().unbind(),
            _ => n
                .as_f64()
                .unwrap_or(f64::NAN)
                .into_pyobject(py)?
                .into_any()
                .unbind(),
        },
        Value::String(s) => PyString::new(py, s).into_any().unbind(),
        Value::Array(a) => {
            let items = a
                .iter()
                .map(|x| to_py(py, x))
                .collect::<PyResult<Vec<_>>>()?;
            PyList::new(py, items)?.into_any().unbind()
        }
        Value::Object(o) => {
            let d = PyDict::new(py);
            for (k, x) in o {
                d.set_item(k, to_py(py, x)?)?;
            }
            d.into_any().unbind()
        }
    })
}

fn from_py(obj: &Bound<'_, PyAny>) -> PyResult<Value> {
    if obj.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if obj.is_instance_of::<PyInt>() {
        if let Ok(i) = obj.extract::<i64>() {
            return Ok(Value::from(i));
        }
        return obj
            .extract::<u64>()
            .map(Value::from)
            .map_err(|_| PyValueError::new_err("an integer is out of range"));
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        // JSON has no NaN or infinity: they travel as the strings the core reads as such, so
        // that its checks refuse them with an error naming the argument.
        let v = f.value();
        return Ok(serde_json::Number::from_f64(v)
            .map(Value::Number)
            .unwrap_or_else(|| {
                Value::String(
                    if v.is_nan() {
                        "NaN"
                    } else if v > 0.0 {
                        "Infinity"
                    } else {
                        "-Infinity"
                    }
                    .into(),
                )
            }));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(Value::String(s.extract::<String>()?));
    }
    if let Ok(d) = obj.cast::<PyDict>() {
        let mut m = Map::new();
        for (k, v) in d.iter() {
            let key: String = k
                .cast::<PyString>()
                .map_err(|_| PyTypeError::new_err("dictionary keys must be strings"))?
                .extract()?;
            m.insert(key, from_py(&v)?);
        }
        return Ok(Value::Object(m));
    }
    if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
        return obj
            .try_iter()?
            .map(|x| from_py(&x?))
            .collect::<PyResult<Vec<_>>>()
            .map(Value::Array);
    }
    Err(PyTypeError::new_err(format!(
        "cannot send a {} as JSON",
        obj.get_type().name()?
    )))
}

// ------------------------------------------------------------------------------------ errors

/// A `jumio_kyx` exception (from `jumio_kyx._errors`, the class the core names) for a client
/// error, with the core's fields (`bridge::error_fields`) as snake_case keyword arguments. A
/// file object's exception that caused it is its `__cause__`.
fn to_pyerr(py: Python<'_>, e: &jumio_kyx::Error) -> PyErr {
    let build = || -> PyResult<PyErr> {
        let cls = py
            .import("jumio_kyx._errors")?
            .getattr(e.kind().class_name())?;
        let kw = PyDict::new(py);
        if let Value::Object(fields) = bridge::error_fields(e) {
            for (k, v) in fields.iter().filter(|(k, _)| *k != "errorClass") {
                kw.set_item(bridge::snake_case(k), to_py(py, v)?)?;
            }
        }
        let err = PyErr::from_value(cls.call((), Some(&kw))?);
        if let Some(cause) = file_reader::python_cause(py, e) {
            err.set_cause(py, Some(cause));
        }
        Ok(err)
    };
    build().unwrap_or_else(|err| err)
}

// -------------------------------------------------------------------------------------- client

/// The native client: one Rust `jumio_kyx::Client` (connection pool, token cache).
#[pyclass(frozen, module = "jumio_kyx._native")]
struct NativeClient {
    client: Client,
}

/// Converts the `files` argument, per argument name: a path (`str`, streamed from disk by the
/// core), `bytes`, or a binary file object (streamed by `file_reader`; its remaining length,
/// when it can be told, is checked before anything is sent).
fn files_from(files: Option<&Bound<'_, PyDict>>) -> PyResult<Files> {
    let mut out = Files::new();
    for (k, v) in files.into_iter().flat_map(|d| d.iter()) {
        let name: String = k.extract()?;
        let source = if let Ok(b) = v.cast::<PyBytes>() {
            ImageSource::bytes(b.as_bytes().to_vec())
        } else if let Ok(s) = v.extract::<std::path::PathBuf>() {
            ImageSource::path(s)
        } else if v.hasattr("read")? {
            let len = file_reader::remaining_length(&v)?;
            ImageSource::reader(file_reader::PyFileReader::new(v.unbind()), len)
        } else {
            return Err(PyTypeError::new_err(format!(
                "{name}: a file is a path, bytes or a binary file object"
            )));
        };
        out.insert(name, source);
    }
    Ok(out)
}

/// Runs an operation to completion (no GIL needed): a download is read, or saved to `save_to`
/// (`bridge::call_collected`).
async fn run(
    client: Client,
    operation: String,
    args: Value,
    files: Files,
    save_to: Option<String>,
) -> Result<Collected, jumio_kyx::Error> {
    bridge::call_collected(&client, &operation, args, files, save_to.map(Into::into)).await
}

/// `json.loads`, looked up once.
static JSON_LOADS: pyo3::sync::PyOnceLock<Py<PyAny>> = pyo3::sync::PyOnceLock::new();

/// A call's output in Python. The bridge hands the JSON over as text, never as a parsed tree
/// (freeing one's many small blocks on the loop's thread made it wait for the allocator's lock
/// of the runtime threads' memory, a fifth of its time in `cargo xtask bench bindings`), and
/// `json.loads` parses it.
fn result_to_py(py: Python<'_>, r: Result<Collected, jumio_kyx::Error>) -> PyResult<Py<PyAny>> {
    let out = r.map_err(|e| to_pyerr(py, &e))?;
    let loads = JSON_LOADS.get_or_try_init(py, || {
        py.import("json")?.getattr("loads").map(Bound::unbind)
    })?;
    let obj = loads
        .bind(py)
        .call1((PyBytes::new(py, out.json.get().as_bytes()),))?;
    if let Some(b) = out.content {
        obj.set_item("content", PyBytes::new(py, &b))?;
    }
    Ok(obj.unbind())
}

#[pymethods]
impl NativeClient {
    /// Builds a client from a configuration dict (see `jumio_kyx.Client`): the core reads and
    /// checks every option (`bridge::client_from_options`).
    #[new]
    fn new(config: &Bound<'_, PyDict>) -> PyResult<Self> {
        let py = config.py();
        logging::sync(py);
        let options = from_py(config.as_any())?;
        // Building never does I/O; a runtime is only needed for the calls.
        Ok(Self {
            client: bridge::client_from_options(options).map_err(|e| to_pyerr(py, &e))?,
        })
    }

    /// Runs an operation and blocks until it finishes; the GIL is released meanwhile.
    #[pyo3(signature = (operation, args, files=None, save_to=None))]
    fn call(
        &self,
        py: Python<'_>,
        operation: String,
        args: &Bound<'_, PyAny>,
        files: Option<&Bound<'_, PyDict>>,
        save_to: Option<String>,
    ) -> PyResult<Py<PyAny>> {
        logging::sync(py);
        let (args, files) = (from_py(args)?, files_from(files)?);
        let client = self.client.clone();
        let runtime = pyo3_async_runtimes::tokio::get_runtime();
        let r = py.detach(move || runtime.block_on(run(client, operation, args, files, save_to)));
        result_to_py(py, r)
    }

    /// Runs an operation on the shared tokio runtime; returns an awaitable. Cancelling it (the
    /// asyncio task awaiting it) drops the operation's future: the request stops where it is.
    #[pyo3(signature = (operation, args, files=None, save_to=None))]
    fn call_async<'py>(
        &self,
        py: Python<'py>,
        operation: String,
        args: &Bound<'py, PyAny>,
        files: Option<&Bound<'py, PyDict>>,
        save_to: Option<String>,
    ) -> PyResult<Bound<'py, PyAny>> {
        logging::sync(py);
        let (args, files) = (from_py(args)?, files_from(files)?);
        let client = self.client.clone();
        asyncio::spawn(
            py,
            run(client, operation, args, files, save_to),
            result_to_py,
        )
    }

    /// The upload size limit in bytes.
    #[getter]
    fn max_upload_bytes(&self) -> u64 {
        self.client.max_upload_bytes()
    }

    /// The endpoint as the user configured it (`region US`, `base URL http://…`); no secret.
    fn __repr__(&self) -> String {
        self.client.base_urls().to_string()
    }
}

// ------------------------------------------------------------------------------------- sandbox

/// A sandbox running in this process on its own runtime (`jumio_kyx_sandbox::EmbeddedSandbox`).
#[pyclass(frozen, module = "jumio_kyx._native")]
struct NativeSandbox {
    inner: EmbeddedSandbox,
}

#[pymethods]
impl NativeSandbox {
    #[new]
    #[pyo3(signature = (config=None))]
    fn new(py: Python<'_>, config: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        logging::sync(py);
        let json = match config {
            Some(c) => from_py(c)?,
            None => Value::Null,
        };
        let inner = py
            .detach(|| EmbeddedSandbox::start_json(&json))
            .map_err(|e| match e {
                EmbeddedStartError::Config(e) => PyValueError::new_err(e.to_string()),
                e => PyRuntimeError::new_err(e.to_string()),
            })?;
        Ok(Self { inner })
    }

    /// The base URL.
    #[getter]
    fn url(&self) -> String {
        self.inner.url().to_string()
    }

    /// The dashboard's address.
    #[getter]
    fn ui_url(&self) -> String {
        self.inner.ui_url().to_string()
    }

    /// With TLS: the client options that reach the sandbox under the real host names.
    #[getter]
    fn region_options(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        to_py(py, self.inner.region_options())
    }

    /// A control operation (see `jumio_kyx.Sandbox`).
    #[pyo3(signature = (operation, args=None))]
    fn control(
        &self,
        py: Python<'_>,
        operation: String,
        args: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        logging::sync(py);
        let args = match args {
            Some(a) => from_py(a)?,
            None => Value::Null,
        };
        let r = py.detach(|| self.inner.control(&operation, args));
        match r {
            Ok(v) => to_py(py, &v),
            Err(e) => Err(PyValueError::new_err(e.to_string())),
        }
    }

    /// Stops the sandbox.
    fn close(&self, py: Python<'_>) {
        py.detach(|| self.inner.close());
    }
}

// ------------------------------------------------------------------------------------ helpers

/// The checked journey address (`web.href`) of an account response.
#[pyfunction]
fn journey_url(py: Python<'_>, account: &Bound<'_, PyAny>) -> PyResult<String> {
    bridge::journey_url_json(from_py(account)?).map_err(|e| to_pyerr(py, &e))
}

/// Parses the redirect a `successUrl` / `errorUrl` handler receives.
#[pyfunction]
fn parse_web_redirect(py: Python<'_>, url: &str) -> PyResult<Py<PyAny>> {
    let v = bridge::parse_web_redirect_json(url).map_err(|e| to_pyerr(py, &e))?;
    to_py(py, &v)
}

/// Every capability result of workflow details, flattened, in execution order.
#[pyfunction]
fn capability_summaries(py: Python<'_>, details: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
    let v = bridge::capability_summaries_json(from_py(details)?).map_err(|e| to_pyerr(py, &e))?;
    to_py(py, &v)
}

/// One of the sandbox's synthetic sample images: `front`, `back`, `selfie`.
#[pyfunction]
fn sample_image<'py>(py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyBytes>> {
    jumio_kyx_sandbox::infra::samples::by_name(name)
        .map(|b| PyBytes::new(py, b))
        .ok_or_else(|| PyValueError::new_err(jumio_kyx_sandbox::infra::samples::unknown(name)))
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<NativeClient>()?;
    m.add_class::<NativeSandbox>()?;
    m.add_function(wrap_pyfunction!(callbacks::parse_callback, m)?)?;
    m.add_class::<callbacks::NativeCallbackVerifier>()?;
    m.add_class::<callbacks::NativeSeenCallbacks>()?;
    m.add_function(wrap_pyfunction!(sample_image, m)?)?;
    m.add_function(wrap_pyfunction!(capability_summaries, m)?)?;
    m.add_function(wrap_pyfunction!(journey_url, m)?)?;
    m.add_function(wrap_pyfunction!(parse_web_redirect, m)?)?;
    m.add("OPERATIONS", PyTuple::new(m.py(), bridge::OPERATIONS)?)?;
    m.add(
        "SANDBOX_OPERATIONS",
        PyTuple::new(m.py(), jumio_kyx_sandbox::CONTROL_OPERATIONS)?,
    )?;
    m.add(
        "ERROR_CLASSES",
        PyTuple::new(m.py(), jumio_kyx::ErrorKind::CLASSES)?,
    )?;
    m.add("SPEC", jumio_kyx::SPEC)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("UPLOAD_CHUNK_BYTES", file_reader::CHUNK_BYTES)?;
    logging::install(m.py())?;
    // Before the interpreter finalizes, the runtime's threads stop attaching to it.
    let shutdown = wrap_pyfunction!(interpreter::shutdown, m)?;
    m.py()
        .import("atexit")?
        .call_method1("register", (shutdown,))?;
    Ok(())
}
