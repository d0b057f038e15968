"""`Muon`: Keras 3's values for a few steps on every trainable backend, which variables take which update, the
slot layout, the config, errors and a short fit."""

from __future__ import annotations

import numpy as np
import pytest

import multikeras as mk
from multikeras import layers, optimizers
from optimizers.fit_check import assert_fit_halves_the_loss

# Variables of every kind Muon routes: 2-D (wide, tall), a bias, an embedding and a 4-D kernel (both AdamW).
SPECS = [("kernel", (3, 4)), ("tall", (5, 2)), ("wide", (2, 5)), ("bias", (4,)), ("embeddings", (3, 4)),
         ("conv", (2, 1, 2, 3))]
_RNG = np.random.default_rng(3)
WEIGHTS = [_RNG.normal(size=shape).astype("float32") for _, shape in SPECS]
GRADS = [[_RNG.normal(size=shape).astype("float32") for _, shape in SPECS] for _ in range(3)]

CONFIGS = [
    {"learning_rate": 0.1},
    {"learning_rate": 0.05, "nesterov": False, "momentum": 0.9, "ns_steps": 3, "rms_rate": None,
     "weight_decay": 0.1, "adam_weight_decay": 0.2, "adam_lr_ratio": 0.5, "epsilon": 1e-5, "adam_beta_1": 0.8,
     "adam_beta_2": 0.95, "exclude_layers": ["wide"], "exclude_embeddings": False, "muon_a": 2.0, "muon_b": -1.5,
     "muon_c": 0.5},
]

# Recorded from Keras 3.15.1 (keras.optimizers.Muon(**CONFIGS[i]), KERAS_BACKEND=jax; torch and tensorflow gave
# the same within 2.4e-7): the variables (flattened) after the three steps of GRADS, and the optimizer's slots
# (path without the optimizer's name, flattened value) in Keras's order.
KERAS_WEIGHTS = [
    [
        [2.094550371170044, -2.5673656463623047, 0.462630957365036, -0.5924094319343567, -0.4759913980960846,
         -0.1787843108177185, -2.064985752105713, -0.3221051096916199, -0.833964467048645, 3.294090986251831,
         0.16766807436943054, -0.2939775586128235],
        [-0.3181643784046173, -0.5835725665092468, -1.0931055545806885, -0.348151832818985,
         0.43952497839927673, -0.2430872917175293, 0.952828049659729, -0.1258821338415146,
         -0.034389693289995193, 1.4957674741744995],
        [0.49194297194480896, -0.5219165086746216, -0.1649949699640274, 0.5653848052024841,
         1.986436367034912, -0.26072272658348083, -0.3521425724029541, 1.02202570438385, -0.8713096380233765,
         -0.2710567116737366],
        [0.5899926424026489, 0.5801200866699219, 0.35626038908958435, 0.8777029514312744],
        [-2.582364797592163, 0.8672797083854675, -1.0053032636642456, -1.6947102546691895,
         0.37437522411346436, 0.6557218432426453, -0.1684318631887436, -1.3749287128448486,
         0.08383656293153763, -0.22422052919864655, 1.6372733116149902, 0.4800828695297241],
        [0.20350109040737152, 0.8729299902915955, -0.45412251353263855, -1.1330721378326416,
         0.7364393472671509, 0.7570182085037231, -0.19993050396442413, -0.856889545917511,
         0.43693843483924866, -2.784196138381958, 0.5939899682998657, 0.5558640956878662],
    ],
    [
        [2.109743356704712, -2.5438084602355957, 0.48115381598472595, -0.6125872731208801,
         -0.44391870498657227, -0.16583704948425293, -2.0690741539001465, -0.33118242025375366,
         -0.8026446104049683, 3.235858201980591, 0.15402086079120636, -0.2693801820278168],
        [-0.334651380777359, -0.5717663168907166, -1.1014118194580078, -0.34564149379730225,
         0.41159728169441223, -0.23905229568481445, 0.9497838616371155, -0.10635344684123993,
         -0.06412672251462936, 1.4682787656784058],
        [0.46327605843544006, -0.5298362374305725, -0.175456240773201, 0.5800893306732178,
         1.9515910148620605, -0.2433805614709854, -0.3017362952232361, 1.0107495784759521,
         -0.8266517519950867, -0.23214633762836456],
        [0.7840490937232971, 0.5657451748847961, 0.15300948917865753, 0.6994138360023499],
        [-2.7236900329589844, 0.9326760768890381, -0.9495144486427307, -1.6266952753067017,
         0.28640225529670715, 0.6967430114746094, -0.41032013297080994, -1.1880861520767212,
         0.03849310800433159, -0.07594519853591919, 1.4553877115249634, 0.7024203538894653],
        [0.19363726675510406, 1.0215133428573608, -0.25899404287338257, -0.9473939538002014,
         0.6020999550819397, 0.6067110300064087, -0.2068902552127838, -0.7744946479797363,
         0.27112704515457153, -2.4920272827148438, 0.649844229221344, 0.49108242988586426],
    ],
]
KERAS_SLOTS = [
    [
        ('kernel_momentum',
         [-1.3894832134246826, 1.469833493232727, -0.8555580377578735, 0.9092259407043457,
          0.2767038941383362, -0.278328001499176, 0.7820956707000732, 1.571000576019287,
          -0.29247424006462097, 1.871250867843628, 0.9334592223167419, -0.5274472236633301]),
        ('tall_momentum',
         [0.609060525894165, -2.808800220489502, 1.0393657684326172, -1.5116140842437744, 1.1253447532653809,
          0.5818761587142944, 0.28879040479660034, -1.5927575826644897, 2.2659623622894287,
          1.4066197872161865]),
        ('wide_momentum',
         [3.2152292728424072, 0.5180494785308838, -1.8211376667022705, -0.9297801852226257,
          -3.746938705444336, 0.4292300343513489, 2.030432939529419, -0.1824965476989746,
          -0.2900465726852417, -1.0030020475387573]),
        ('bias_momentum',
         [0.06646411120891571, -0.14677463471889496, -0.16050317883491516, -0.12591087818145752]),
        ('bias_velocity',
         [0.00019765856268350035, 0.0029710622038692236, 0.00179953221231699, 0.003001132281497121]),
        ('embeddings_momentum',
         [-0.0842975378036499, 0.03653976693749428, -0.09564360976219177, -0.031460367143154144,
          -0.1627439260482788, -0.02857351489365101, -0.15336410701274872, 0.25145477056503296,
          0.12067176401615143, -0.03166043758392334, -0.1826251596212387, 0.10849302262067795]),
        ('embeddings_velocity',
         [0.0006308599840849638, 0.0017321978230029345, 0.00193524279166013, 0.00019329269707668573,
          0.005399954039603472, 0.00027570981183089316, 0.0015180843183770776, 0.0025829579681158066,
          0.0026579119730740786, 0.006695341318845749, 0.004399006720632315, 0.00104409025516361]),
        ('conv_momentum',
         [-0.12988141179084778, 0.271840363740921, 0.1506168246269226, 0.04196856915950775,
          -0.09832590818405151, -0.028431355953216553, 0.10621527582406998, -0.10544052720069885,
          -0.13572143018245697, 0.24062171578407288, -0.0777805969119072, 0.023128271102905273]),
        ('conv_velocity',
         [0.0013783406466245651, 0.006790456362068653, 0.0031557055190205574, 0.0065324148163199425,
          0.0053015477024018764, 0.00016159689403139055, 0.0029694170225411654, 0.0018791540060192347,
          0.005582497920840979, 0.0025559100322425365, 0.002752805594354868, 0.006790937390178442]),
    ],
    [
        ('kernel_momentum',
         [-1.1889612674713135, 1.5042169094085693, -0.768543541431427, 0.8071343898773193,
          0.3624700903892517, -0.18386495113372803, 0.6780844330787659, 1.4562625885009766,
          -0.18085505068302155, 1.880211591720581, 0.8346898555755615, -0.4172109365463257]),
        ('tall_momentum',
         [0.4715383052825928, -2.6579229831695557, 0.9313240647315979, -1.4475184679031372,
          1.0105503797531128, 0.6065022945404053, 0.29899030923843384, -1.3987505435943604,
          2.1569228172302246, 1.3129241466522217]),
        ('wide_momentum',
         [0.529589831829071, 0.05125513672828674, -0.36588597297668457, -0.1172608733177185,
          -0.6673247814178467, 0.11210702359676361, 0.3086336553096771, 0.039895474910736084,
          -0.03667718917131424, -0.18721260130405426]),
        ('wide_velocity',
         [0.31571245193481445, 0.06508724391460419, 0.1495024412870407, 0.11245127767324448,
          0.26781216263771057, 0.06328511983156204, 0.11909794807434082, 0.15972450375556946,
          0.021532466635107994, 0.03917795792222023]),
        ('bias_momentum',
         [0.12251807004213333, -0.2825879454612732, -0.26937469840049744, -0.1952308714389801]),
        ('bias_velocity',
         [0.009594907984137535, 0.14126598834991455, 0.08201218396425247, 0.1357346922159195]),
        ('embeddings_momentum',
         [-0.8429753184318542, 0.3653976321220398, -0.9564360976219177, -0.31460362672805786,
          -1.627439260482788, -0.2857351303100586, -1.53364098072052, 2.51454758644104, 1.2067174911499023,
          -0.31660449504852295, -1.826251745223999, 1.084930181503296]),
        ('conv_momentum',
         [-0.2577548623085022, 0.45428574085235596, 0.23352499306201935, 0.011383056640625,
          -0.14809569716453552, -0.048394083976745605, 0.20093007385730743, -0.22333413362503052,
          -0.19113631546497345, 0.4253234267234802, -0.18081116676330566, 0.04730883240699768]),
        ('conv_velocity',
         [0.06810619682073593, 0.30842775106430054, 0.14534133672714233, 0.3130486011505127,
          0.24256856739521027, 0.007467878051102161, 0.14035414159297943, 0.09240639954805374,
          0.25427478551864624, 0.11964312195777893, 0.13145926594734192, 0.3200109601020813]),
    ],
]

KERAS_CONFIG_KEYS = [
    "name", "learning_rate", "weight_decay", "clipnorm", "global_clipnorm", "clipvalue", "use_ema", "ema_momentum",
    "ema_overwrite_frequency", "loss_scale_factor", "gradient_accumulation_steps", "adam_beta_1", "adam_beta_2",
    "epsilon", "exclude_layers", "muon_a", "muon_b", "muon_c", "adam_lr_ratio", "momentum", "ns_steps", "nesterov",
    "exclude_embeddings", "adam_weight_decay", "rms_rate",
]


@pytest.mark.parametrize("config_index", range(len(CONFIGS)))
def test_matches_keras_values(trainable_backend_name, config_index):
    with mk.backend.use(trainable_backend_name):
        variables = [mk.Variable(w, name=name) for w, (name, _) in zip(WEIGHTS, SPECS)]
        optimizer = optimizers.Muon(**CONFIGS[config_index])
        for step_grads in GRADS:
            optimizer.apply([mk.ops.convert_to_tensor(g) for g in step_grads], variables)
        got = [np.asarray(v.numpy()) for v in variables]
        slots = [(v.path.split("/", 1)[1], np.asarray(v.numpy())) for v in optimizer.variables[2:]]
    assert int(optimizer.iterations.numpy()) == len(GRADS)
    for (name, _), value, want in zip(SPECS, got, KERAS_WEIGHTS[config_index]):
        assert value.dtype == np.float32
        np.testing.assert_allclose(value.ravel(), want, rtol=1e-5, atol=2e-6, err_msg=name)
    assert [path for path, _ in slots] == [path for path, _ in KERAS_SLOTS[config_index]]
    for (path, value), (_, want) in zip(slots, KERAS_SLOTS[config_index]):
        np.testing.assert_allclose(value.ravel(), want, rtol=1e-5, atol=2e-6, err_msg=path)


def test_newton_schulz_orthogonalizes():
    # With enough iterations the singular values all land near 1 (the quintic's coefficients make them
    # oscillate in roughly [0.7, 1.2] rather than converge exactly).
    rng = np.random.default_rng(0)
    with mk.backend.use("numpy"):
        optimizer = optimizers.Muon(ns_steps=10)
        for shape in [(6, 4), (4, 6)]:
            x = optimizer.newton_schulz(mk.ops.convert_to_tensor(rng.normal(size=shape).astype("float32")))
            singular_values = np.linalg.svd(np.asarray(mk.ops.convert_to_numpy(x), np.float64), compute_uv=False)
            assert x.shape == shape
            assert singular_values.min() > 0.6 and singular_values.max() < 1.3


def _routes(**kwargs):
    """``{variable path: takes the AdamW update}``, read from which variables get a velocity slot."""
    with mk.backend.use("numpy"):
        layer = layers.Dense(3, name="my_Embedding_proj")
        layer.build((None, 2))
        others = [mk.Variable(np.zeros(shape, "float32"), name=name)
                  for name, shape in [("kernel", (3, 4)), ("row", (1, 4)), ("k3", (2, 3, 4)), ("scale", (4,)),
                                      ("token_embeddings", (5, 3))]]
        variables = list(layer.trainable_variables) + others
        optimizer = optimizers.Muon(**kwargs)
        optimizer.build(variables)
    with_velocity = {v.path.split("/", 1)[1][:-len("_velocity")] for v in optimizer.variables
                     if v.path.endswith("_velocity")}
    assert len(optimizer.variables) == 2 + len(variables) + len(with_velocity)
    return {v.path: v.path.replace("/", "_") in with_velocity for v in variables}


def test_which_variables_take_the_muon_update():
    assert _routes() == {"my_Embedding_proj/kernel": True, "my_Embedding_proj/bias": True, "kernel": False,
                         "row": False, "k3": True, "scale": True, "token_embeddings": True}
    assert _routes(exclude_embeddings=False) == {
        "my_Embedding_proj/kernel": False, "my_Embedding_proj/bias": True, "kernel": False, "row": False,
        "k3": True, "scale": True, "token_embeddings": False}
    # Regular expressions searched in the path, case-sensitive.
    routes = _routes(exclude_embeddings=False, exclude_layers=["^ker", "proj/k"])
    assert routes["kernel"] and routes["my_Embedding_proj/kernel"] and not routes["row"]
    assert not _routes(exclude_embeddings=False, exclude_layers=["KERNEL"])["kernel"]
    assert _routes(exclude_layers="ro.")["row"]


def test_two_weight_decays_with_the_full_learning_rate():
    # Zero gradients: only the decoupled decay moves the weights (AdamW's step is then 0).
    with mk.backend.use("numpy"):
        matrix = mk.Variable(np.full((2, 3), 2.0, "float32"), name="kernel")
        vector = mk.Variable(np.full((3,), 2.0, "float32"), name="bias")
        optimizer = optimizers.Muon(learning_rate=0.1, weight_decay=0.5, adam_weight_decay=0.25, adam_lr_ratio=0.5)
        optimizer.apply([np.zeros((2, 3), "float32"), np.zeros(3, "float32")], [matrix, vector])
        np.testing.assert_allclose(matrix.numpy(), 2.0 * (1 - 0.05), rtol=1e-6)
        np.testing.assert_allclose(vector.numpy(), 2.0 * (1 - 0.025), rtol=1e-6)
        optimizer = optimizers.Muon(learning_rate=0.1, weight_decay=None, adam_weight_decay=None)
        optimizer.apply([np.zeros((2, 3), "float32"), np.zeros(3, "float32")], [matrix, vector])
        np.testing.assert_allclose(matrix.numpy(), 1.9, rtol=1e-6)
        np.testing.assert_allclose(vector.numpy(), 1.95, rtol=1e-6)


def test_defaults_and_config_round_trip():
    config = optimizers.Muon().get_config()
    assert list(config) == KERAS_CONFIG_KEYS
    assert config["name"].startswith("muon")
    assert {k: config[k] for k in KERAS_CONFIG_KEYS[2:]} == {
        "weight_decay": 0.004, "clipnorm": None, "global_clipnorm": None, "clipvalue": None, "use_ema": False,
        "ema_momentum": 0.99, "ema_overwrite_frequency": None, "loss_scale_factor": None,
        "gradient_accumulation_steps": None, "adam_beta_1": 0.9, "adam_beta_2": 0.999, "epsilon": 1e-7,
        "exclude_layers": [], "muon_a": 3.4445, "muon_b": -4.775, "muon_c": 2.0315, "adam_lr_ratio": 1,
        "momentum": 0.95, "ns_steps": 5, "nesterov": True, "exclude_embeddings": True, "adam_weight_decay": 0.004,
        "rms_rate": 0.2}
    assert config["learning_rate"] == pytest.approx(0.001)
    custom = optimizers.Muon(**CONFIGS[1], name="m").get_config()
    restored = optimizers.deserialize(optimizers.serialize(optimizers.Muon.from_config(custom)))
    assert type(restored) is optimizers.Muon
    assert restored.get_config() == custom
    assert type(optimizers.get("muon")) is optimizers.Muon


@pytest.mark.parametrize("kwargs", [
    {"ns_steps": -1}, {"ns_steps": 2.5}, {"ns_steps": True}, {"momentum": "0.9"}, {"adam_lr_ratio": "x"},
    {"muon_a": None}, {"epsilon": None}, {"rms_rate": "big"}, {"adam_weight_decay": "0.1"},
    {"exclude_layers": [3]}, {"exclude_layers": ["("]}, {"learning_rate": "fast"}, {"foo": 1},
])
def test_bad_arguments_raise(kwargs):
    with pytest.raises(ValueError, match="Muon"):
        optimizers.Muon(**kwargs)


def test_fit_decreases_the_loss(trainable_backend_name):
    assert_fit_halves_the_loss(trainable_backend_name, lambda: optimizers.Muon(learning_rate=0.05))


def test_keras_file_keeps_the_optimizer_state(tmp_path):
    with mk.backend.use("numpy"):
        model = mk.Sequential([mk.Input((4,)), layers.Dense(3, name="d1"), layers.Dense(1, name="d2")])
        model.compile(optimizer=optimizers.Muon(learning_rate=0.01), loss="mse")
        model.build((None, 4))
        model.optimizer.build(model.trainable_variables)
        for i, variable in enumerate(model.optimizer.variables[2:]):
            variable.assign(np.full(variable.shape, i + 1.0, "float32"))
        model.save(tmp_path / "m.keras")
        loaded = mk.saving.load_model(tmp_path / "m.keras")
    assert type(loaded.optimizer) is optimizers.Muon
    paths = [v.path.split("/", 1)[1] for v in loaded.optimizer.variables]
    assert paths == ["iteration", "learning_rate", "d1_kernel_momentum", "d1_bias_momentum", "d1_bias_velocity",
                     "d2_kernel_momentum", "d2_bias_momentum", "d2_bias_velocity"]
    for saved, restored in zip(model.optimizer.variables, loaded.optimizer.variables):
        np.testing.assert_array_equal(saved.numpy(), restored.numpy())
