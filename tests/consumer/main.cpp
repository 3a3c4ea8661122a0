// An outside program written only against the public API (docs/api.md): it checks
// mytorch's numbers against PyTorch's (float64, from tests/golden/gen_core.py) to 1e-6 and exits
// non-zero on any mismatch.
#include <cmath>
#include <cstdio>
#include <initializer_list>
#include <string>

#include "mytorch/mytorch.hpp"

using mytorch::Tensor;
namespace nn = mytorch::nn;

namespace {
int failures = 0;

Tensor T(std::initializer_list<std::initializer_list<double>> rows) {
  Tensor t({rows.size(), rows.begin()->size()});
  std::size_t i = 0;
  for (const auto& row : rows) {
    std::size_t j = 0;
    for (double x : row) t(i, j++) = static_cast<mytorch::real>(x);
    ++i;
  }
  return t;
}

void check(const std::string& what, const Tensor& actual, const Tensor& expected) {
  double worst = actual.shape() == expected.shape() ? 0.0 : INFINITY;
  for (std::size_t k = 0; worst < INFINITY && k < actual.size(); ++k)
    worst = std::fmax(worst, std::fabs(double(actual.data()[k]) - double(expected.data()[k])));
  if (!(worst <= 1e-6)) {
    std::printf("MISMATCH %s: largest difference %g\n", what.c_str(), worst);
    ++failures;
  }
}

void check(const std::string& what, double actual, double expected) {
  check(what, T({{actual}}), T({{expected}}));
}

void check_linear() {
  nn::Linear linear(3, 2);
  linear.W = T({{0.3058219933877856, -1.3592832913138158, -0.26687512013340875},
                {0.2686034939696055, -1.0352361928626992, 0.37246611939025936}});
  linear.b = T({{-1.0862856084934926}, {0.08707215863231835}});
  check("Linear Z", linear.forward(T({{-0.43663556239499884, -0.794711502363962, -0.687156539523202}})),
        T({{0.04380468404481741, 0.5365619014232555}}));
  check("Linear dLdA", linear.backward(T({{-0.6826714087713985, -1.1832747120746054}})),
        T({{-0.5266076530484348, 2.152912647439447, -0.2585417259515444}}));
  check("Linear dLdW", linear.dLdW,
        T({{0.29807861449988576, 0.5425268208856406, 0.4691021228827835},
           {0.5166598193744757, 0.9403620241420944, 0.813094956454499}}));
  check("Linear dLdb", linear.dLdb, T({{-0.6826714087713985}, {-1.1832747120746054}}));

  const auto params = linear.parameters();  // the contract: exactly {W, dLdW}, {b, dLdb}
  if (params.size() != 2 || params[0].value != &linear.W || params[1].grad != &linear.dLdb) {
    std::printf("MISMATCH Linear::parameters()\n");
    ++failures;
  }
}

void check_activation(const std::string& name, nn::Module& f, const Tensor& A, const Tensor& dLdZ) {
  const Tensor Z = T({{-1.7116636333618858, -4.532667580196151, -0.4883506970090782}});
  const Tensor dLdA = T({{0.968691372552405, 0.2294092349850764, -1.0958815220528215}});
  check(name + " A", f.forward(Z), A);
  check(name + " dLdZ", f.backward(dLdA), dLdZ);
}

void check_activations() {
  nn::Identity identity;
  check_activation("Identity", identity, T({{-1.7116636333618858, -4.532667580196151, -0.4883506970090782}}),
                   T({{0.968691372552405, 0.2294092349850764, -1.0958815220528215}}));
  nn::Sigmoid sigmoid;
  check_activation("Sigmoid", sigmoid, T({{0.1529480593640449, 0.010637581271614587, 0.38028217818599014}}),
                   T({{0.1254987628215958, 0.0024143998603588265, -0.25826381546298377}}));
  nn::Tanh tanh;
  check_activation("Tanh", tanh, T({{-0.936851338964164, -0.9997688176067225, -0.4529064214316604}}),
                   T({{0.11848022396194205, 0.00010605849112245521, -0.8710896724249627}}));
  nn::GELU gelu;
  check_activation("GELU", gelu, T({{-0.07442200008328093, -1.3199906653164916e-05, -0.1526832013372127}}),
                   T({{-0.1107502942201462, -1.3672556336254878e-05, -0.1531239662621664}}));
  check("GELU.A", gelu.A, T({{-0.07442200008328093, -1.3199906653164916e-05, -0.1526832013372127}}));
  nn::ReLU relu;  // PyTorch: relu'(0) = 0
  check("ReLU A", relu.forward(T({{-1, 0, 2}})), T({{0, 0, 2}}));
  check("ReLU dLdZ", relu.backward(T({{1, 1, 1}})), T({{0, 0, 1}}));
}

void check_softmax() {
  nn::Softmax softmax;
  check("Softmax A", softmax.forward(T({{1, 2, 3}, {2, 2, 1}})),
        T({{0.09003057317038045, 0.2447284710547976, 0.6652409557748218},
           {0.4223187982515182, 0.4223187982515182, 0.15536240349696362}}));
  check("Softmax J(1)", softmax.jacobian(1),
        T({{0.24396563089491166, -0.17835316735660653, -0.06561246353830515},
           {-0.17835316735660653, 0.24396563089491166, -0.06561246353830515},
           {-0.06561246353830515, -0.06561246353830515, 0.1312249270766103}}));
  check("Softmax dLdZ",
        softmax.backward(T({{0.13099122860662635, 0.8602945999296762, -1.5464325068972606},
                            {-1.056232061052012, -1.2967404140216146, -0.9365490867842079}})),
        T({{0.08439552988978667, 0.4078921343015786, -0.4922876641913655},
           {0.03504273174254712, -0.06652846685302741, 0.031485735110480285}}));
}

void check_losses() {
  nn::MSELoss mse;
  check("MSELoss L",
        mse.forward(T({{-1.6084536955917852, 1.3600926502370825, -0.3559639694286735, -1.7676837944092312,
                        0.7148982236261118}}),
                    T({{0.8154024689154394, 1.1335358750101654, -1.545882568381671, 0.9964840522737193,
                        1.833115936254905}})),
        3.2466695376455577);
  check("MSELoss dLdA", mse.backward(),
        T({{-0.9695424658028898, 0.09062271009076683, 0.475967439581199, -1.1056671386731802,
            -0.4472870850515174}}));

  nn::CrossEntropyLoss ce;  // logits of ±1000: finite loss and gradient
  check("CrossEntropyLoss L",
        ce.forward(T({{1000, -1000, 0}, {-1000, 1000, 0}, {1000, 1000, -1000}}),
                   T({{0, 1, 0}, {0, 1, 0}, {1, 0, 0}})),
        666.8977157268533);
  check("CrossEntropyLoss dLdA", ce.backward(),
        T({{0.3333333333333333, -0.3333333333333333, 0}, {0, 0, 0},
           {-0.16666666666666666, 0.16666666666666666, 0}}));
}

void check_sgd() {
  Tensor W = T({{-0.250602165397287, 0.23528289561834886},
                {0.12530018920545746, 0.6643082978493611},
                {0.9788331004889501, -0.9765797010226199}});
  Tensor b = T({{0.3936756424516202}, {1.0061568211020468}, {1.0652173937077536}});
  Tensor dLdW, dLdb;
  mytorch::optim::SGD sgd({nn::Parameter{"W", &W, &dLdW}, nn::Parameter{"b", &b, &dLdb}}, 0.1, 0.9);
  dLdW = T({{-1.800986265506278, -1.2342098693043029},
            {-0.39800119897898245, -0.10202681262362108},
            {-0.21268608204501463, -1.8949425163409672}});
  dLdb = T({{0.12008859365987863}, {0.18001459254135052}, {-0.6186220719729594}});
  sgd.step();
  dLdW = T({{0.633896325566719, 2.574580287895481},
            {-1.1553651844003472, 0.42145350073012844},
            {-0.30677852024083657, 0.019443425646161444}});
  dLdb = T({{2.026273858979272}, {0.9652349975075242}, {-0.0652217461375272}});
  sgd.step();  // torch.optim.SGD(lr=0.1, momentum=0.9) after two steps:
  check("SGD W", W, T({{0.028195592492233933, 0.21232474199661833},
                       {0.31645693545149883, 0.6415480421748363},
                       {1.0499213081015866, -0.6184849654824524}}));
  check("SGD b", b, T({{0.168231423758316}, {0.8754305487684377}, {1.1892777619963686}}));
}

// PyTorch's MLP1 with these weights (Linear, ReLU, Linear, ReLU) at one sample.
const Tensor W1 = T({{-0.19558566360236082, 0.6074240696227108},
                     {0.06561316230578136, -0.1947852571037085},
                     {-0.21888419507859896, -0.06770949183008802}});
const Tensor b1 = T({{0.6235031924065153}, {0.5037404229454874}, {0.4197095736811977}});
const Tensor W2 = T({{0.48013473101451076, -0.16964430642964973, 1.1303495425412335},
                     {1.0535678685679997, 0.3261607005066461, -1.9656707639332354}});
const Tensor b2 = T({{0.6219051395101056}, {0.7666007467739447}});
const Tensor X = T({{-1.823379179700574, 0.03740703206805947}});
const Tensor dLdY = T({{0.9445073694764456, 0.6449418369637603}});

void check_mlp_outputs(const std::string& what, nn::Module& model) {
  check(what + " Y", model.forward(X), T({{1.962172539837815, 0.34152721303014605}}));
  check(what + " dLdX", model.backward(dLdY), T({{-0.17450290983239145, 0.6919863229617017}}));
}

void check_sequential_and_mlps() {
  nn::Sequential sequential;
  nn::Linear& first = sequential.add<nn::Linear>(2, 3);
  sequential.add<nn::ReLU>();
  nn::Linear& second = sequential.add<nn::Linear>(3, 2);
  sequential.add<nn::ReLU>();
  first.W = W1, first.b = b1, second.W = W2, second.b = b2;
  if (sequential.size() != 4 || &sequential[2] != &second) {
    std::printf("MISMATCH Sequential size()/operator[]\n");
    ++failures;
  }
  check_mlp_outputs("Sequential", sequential);
  check("Sequential dLdW of layer 0", first.dLdW,
        T({{-2.0658535803961455, 0.04238144868062176},
           {-0.09139575766602832, 0.001875004429116679},
           {0.3648943503255806, -0.0074858892851481324}}));

  mytorch::models::MLP1 mlp1;  // the same network, weights set through parameters()
  const std::vector<nn::Parameter> params = mlp1.parameters();
  *params.at(0).value = W1, *params.at(1).value = b1, *params.at(2).value = W2, *params.at(3).value = b2;
  check_mlp_outputs("MLP1", mlp1);
  check("MLP1 dLdW of layer 2", *params.at(2).grad,
        T({{0.9472010581361352, 0.35590587667953016, 0.7709878088312232},
           {0.6467811794279187, 0.24302466800140515, 0.5264567644187914}}));

  mytorch::models::MLP0 mlp0;
  mytorch::models::MLP4 mlp4;
  if (mlp0.size() != 2 || mlp1.size() != 4 || mlp4.size() != 10 || mlp4.parameters().size() != 10 ||
      mlp4.forward(X).shape(1) != 2) {
    std::printf("MISMATCH MLP0/MLP1/MLP4 architecture\n");
    ++failures;
  }
}

void check_seeding() {
  mytorch::manual_seed(42);
  const nn::Linear a(4, 3);
  mytorch::manual_seed(42);
  const nn::Linear b(4, 3);
  check("Linear init repeatable from manual_seed", a.W, b.W);
  for (double w : a.W)
    if (!(std::fabs(w) <= 0.5)) {  // U(±1/√in), in = 4
      std::printf("MISMATCH Linear init %g outside ±0.5\n", w);
      ++failures;
    }
}
}  // namespace

int main() {
  check_linear();
  check_activations();
  check_softmax();
  check_losses();
  check_sgd();
  check_sequential_and_mlps();
  check_seeding();
  if (failures) {
    std::printf("consumer: %d mismatch(es) with PyTorch\n", failures);
    return 1;
  }
  std::printf("consumer: mytorch matches PyTorch to 1e-6\n");
  return 0;
}
