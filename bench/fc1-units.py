#!/usr/bin/env python3
"""How fc1's three units share the images, per network: the share of 5,000 fresh images on which each unit's
pre-ReLU output is > 0, each unit's share of the post-ReLU variance, and fc2's weights. The paper's
cnn_model_1.pth (read channels-last) first, then every network in the given dasweep stores (<out>/networks).

    /usr/bin/python3 bench/fc1-units.py /tmp/mini/networks [more stores ...]
"""
import sys, glob, json, numpy as np, torch, torch.nn.functional as F
import os; here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, '..', '..', 'shared', 'reference')); import das_reference as R
rs = np.random.RandomState(7); imgs, _ = R.create_dataset(rs, 5000)
x = torch.tensor(imgs, dtype=torch.float32).view(-1, 1, 28, 28)


def show(name, state, channels_last):
    net = R.CNN(); net.load_state_dict(state); net.eval()
    with torch.no_grad():
        h = F.max_pool2d(F.relu(net.conv1(x)), 2); h = F.max_pool2d(F.relu(net.conv2(h)), 2); h = F.relu(net.conv3(h))
        a = net.fc1((h.permute(0, 2, 3, 1) if channels_last else h).flatten(1))
        on = (a > 0).float().mean(0).numpy(); var = F.relu(a).var(0).numpy()
    print('%-22s on: %s  variance share: %s  fc2: %s' % (name, np.round(on, 3), np.round(var / var.sum(), 3),
                                                        np.round(net.fc2.weight.detach().view(-1).numpy(), 2)))


show('paper cnn_model_1', torch.load(os.path.join(here, '..', '..', 'shared', 'models', 'cnn_model_1.pth'),
                                     map_location='cpu'), True)
for store in sys.argv[1:]:
    for f in sorted(glob.glob(os.path.join(store, '*.safetensors'))):
        show(json.load(open(f[:-len('.safetensors')] + '.json'))['name'], R.read_safetensors(f), False)
